import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { PURPOSES } from '@plein/consent';
import { API_AUDIENCE, PLEIN_APP_AUDIENCES, ROLES, purposeRole } from '@plein/auth';
import { WEB_CLIENT, appClients, serviceAccounts } from '../../apps/idp/src/realm.js';
import { realmDevOverlay, realmExport } from './realm-export.js';

const committed = JSON.parse(readFileSync('deploy/keycloak/realm-plein.json', 'utf8')) as ReturnType<typeof realmExport>;
const overlay = JSON.parse(readFileSync('deploy/keycloak/dev/realm-plein.dev.json', 'utf8')) as ReturnType<typeof realmDevOverlay>;

describe('the Keycloak realm export in deploy/keycloak', () => {
  it('is exactly what the code defines (regenerate with npm run realm:export)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(realmExport())));
    expect(overlay).toEqual(JSON.parse(JSON.stringify(realmDevOverlay())));
  });

  it('has exactly the roles the code uses, and a role per purpose', () => {
    expect(committed.roles.realm.map((r) => r.name).sort()).toEqual([...ROLES, ...Object.keys(PURPOSES).map(purposeRole)].sort());
  });

  it('holds no secret, no password and no person: those are the development overlay’s', () => {
    const text = JSON.stringify(committed);
    expect(text).not.toMatch(/"secret"|"credentials"|"password"/);
    expect(committed.users.every((u) => 'serviceAccountClientId' in u)).toBe(true);
    for (const c of serviceAccounts()) expect(text).not.toContain(c.secret);
    expect(overlay.users.some((u) => 'credentials' in u)).toBe(true);
  });

  it('has the plein’s own clients, each app its own audience; the demo organisations only in the overlay', () => {
    expect(committed.clients.map((c) => c.clientId).sort()).toEqual(
      [WEB_CLIENT.clientId, API_AUDIENCE, ...PLEIN_APP_AUDIENCES, 'plein-operator', 'plein-publisher', 'plein-dispatcher'].sort(),
    );
    const all = [...committed.clients, ...overlay.clients].map((c) => c.clientId).sort();
    expect(all).toEqual([WEB_CLIENT.clientId, ...appClients().map((c) => c.clientId), ...serviceAccounts().map((c) => c.clientId)].sort());
  });

  it('lets the gateway exchange tokens for the plein’s apps, and gives every app client token exchange', () => {
    const gateway = committed.clientScopes.find((s) => s.name === `${API_AUDIENCE}-next-hops`)!;
    expect(gateway.protocolMappers.map((m) => (m.config as Record<string, string>)['included.client.audience']).sort()).toEqual(
      [...PLEIN_APP_AUDIENCES].sort(),
    );
    const household = committed.clients.find((c) => c.clientId === 'household') as { attributes: Record<string, string> };
    expect(household.attributes['standard.token.exchange.enabled']).toBe('true');
  });

  it('gives every service account its roles and organisation', () => {
    const users = [...committed.users, ...overlay.users];
    for (const c of serviceAccounts()) {
      expect(users.find((u) => u.username === `service-account-${c.clientId}`)).toMatchObject({
        serviceAccountClientId: c.clientId,
        realmRoles: c.roles,
        attributes: { org: [c.org] },
      });
    }
  });

  it('maps org and bsn into access tokens, with the API audience; the dispatcher’s own account gets the consent service’s, the population register’s and the accountable record’s instead', () => {
    const scope = committed.clientScopes.find((s) => s.name === 'plein-api')!;
    expect(scope.protocolMappers.map((m) => m.name)).toEqual([`audience ${API_AUDIENCE}`, 'org', 'bsn']);
    for (const client of committed.clients.filter((c) => 'serviceAccountsEnabled' in c && c.serviceAccountsEnabled)) {
      const scopes = (client as { defaultClientScopes: string[] }).defaultClientScopes;
      if (client.clientId === 'plein-dispatcher') expect(scopes).toEqual(['basic', 'roles', 'plein-dispatcher-audiences']);
      else expect(scopes).toContain('plein-api');
    }
    const dispatcher = committed.clientScopes.find((s) => s.name === 'plein-dispatcher-audiences')!;
    // The consent service (who may receive an event) and the population register (where a signalled resident lives).
    expect(dispatcher.protocolMappers.map((m) => m.name)).toEqual([
      'audience consent',
      'audience gemeente',
      'audience accountability',
      'org',
    ]);
  });
});
