#!/bin/sh
# Creates the plein's topics with production settings. Usage: BOOTSTRAP=kafka-0:9093 ./create-topics.sh [--command-config admin.properties]
# The list equals the event catalogue (libs/events/src/catalogue/event-types.ts) and plein.agencies, where
# organisations' published events travel; a test checks it. Organisations' own topics (integrator.<OIN>) the
# dispatcher creates at their first Kafka subscription.
set -eu
: "${BOOTSTRAP:?set BOOTSTRAP to a broker address}"
for topic in plein.registry plein.consent plein.catalogue plein.accountability plein.agencies; do
  kafka-topics.sh --bootstrap-server "$BOOTSTRAP" "$@" --create --if-not-exists --topic "$topic" \
    --partitions 6 --replication-factor 3 \
    --config min.insync.replicas=2 --config cleanup.policy=delete --config retention.ms=2592000000
done
