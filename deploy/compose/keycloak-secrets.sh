#!/bin/bash
# Gives every app's client in realm plein the secret its app was given in plein.env
# (<CLIENT>_CLIENT_SECRET; the gateway's client is plein-api). Runs once after Keycloak imported the realm.
set -euo pipefail
kc=/opt/keycloak/bin/kcadm.sh
$kc config credentials --server "$KEYCLOAK_URL" --realm master --user admin --password "$KEYCLOAK_ADMIN_PASSWORD"
# A pilot on demo data: the demo agencies' clients, service accounts and people (never in real use).
if [ "${PLEIN_DEMO_DATA:-false}" = true ]; then
  $kc create partialImport -r plein -s ifResourceExists=SKIP -o -f /realm-plein.dev.json >/dev/null
fi
for app in gateway household registry consent catalogue dispatcher accountability gemeente uwv svb toeslagen belastingdienst duo lbio; do
  client=$app
  [ "$app" = gateway ] && client=plein-api
  var="${app^^}_CLIENT_SECRET"
  id=$($kc get clients -r plein -q clientId="$client" --fields id --format csv --noquotes)
  [ -n "$id" ] || { echo "client $client is not in realm plein: import deploy/keycloak/realm-plein.json (and the agencies' clients)"; exit 1; }
  $kc update "clients/$id" -r plein -s "secret=${!var}"
  echo "secret set for $client"
done
# The dispatcher's own service account.
id=$($kc get clients -r plein -q clientId=plein-dispatcher --fields id --format csv --noquotes)
$kc update "clients/$id" -r plein -s "secret=${EVENT_ROUTER_CLIENT_SECRET}"
echo "secret set for plein-dispatcher"
