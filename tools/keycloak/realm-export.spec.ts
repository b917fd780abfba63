import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { API_AUDIENCE, ROLES } from '@plein/auth';
import { WEB_CLIENT, serviceAccounts } from '../../apps/idp/src/realm.js';
import { realmExport } from './realm-export.js';

const committed = JSON.parse(readFileSync('deploy/keycloak/realm-plein.json', 'utf8')) as ReturnType<typeof realmExport>;

describe('the Keycloak realm export in deploy/keycloak', () => {
  it('is exactly what the code defines (regenerate with npm run realm:export)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(realmExport())));
  });

  it('has exactly the roles the code uses', () => {
    expect(committed.roles.realm.map((r) => r.name).sort()).toEqual([...ROLES].sort());
  });

  it('has exactly the clients the plein uses', () => {
    expect(committed.clients.map((c) => c.clientId).sort()).toEqual(
      [API_AUDIENCE, WEB_CLIENT.clientId, ...serviceAccounts().map((c) => c.clientId)].sort(),
    );
  });

  it('gives every service account its roles and organisation', () => {
    for (const c of serviceAccounts()) {
      expect(committed.users.find((u) => u.username === `service-account-${c.clientId}`)).toMatchObject({
        serviceAccountClientId: c.clientId,
        realmRoles: c.roles,
        attributes: { org: [c.org] },
      });
    }
  });

  it('maps org and bsn into access tokens, with the API audience', () => {
    const scope = committed.clientScopes.find((s) => s.name === 'plein-api')!;
    expect(scope.protocolMappers.map((m) => m.name)).toEqual(['audience', 'org', 'bsn']);
    for (const client of committed.clients.filter((c) => 'defaultClientScopes' in c)) {
      expect((client as { defaultClientScopes: string[] }).defaultClientScopes).toContain('plein-api');
    }
  });
});
