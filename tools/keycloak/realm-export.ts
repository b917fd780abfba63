import { API_AUDIENCE, REALM, ROLES, ROLE_DESCRIPTIONS } from '@plein/auth';
import { WEB_CLIENT, demoUsers, serviceAccounts } from '../../apps/idp/src/realm.js';

/** The seed whose demo residents the committed export contains (the default of npm start). */
export const EXPORT_SEED = 'plein';
const API_SCOPE = 'plein-api';
const PERSON_ATTRIBUTES = ['org', 'bsn'] as const;

const attributeMapper = (name: string) => ({
  name,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  consentRequired: false,
  config: {
    'user.attribute': name,
    'claim.name': name,
    'jsonType.label': 'String',
    'access.token.claim': 'true',
    'id.token.claim': 'false',
    'userinfo.token.claim': 'false',
    'introspection.token.claim': 'true',
  },
});

/**
 * The realm `plein` as a Keycloak realm export, from the same definition the dev identity
 * provider serves: roles from libs/auth, clients and demo users from apps/idp/src/realm.ts.
 * `org` and `bsn` are user attributes (admin-managed in the user profile) mapped into access
 * tokens by the `plein-api` client scope, which also sets the audience.
 */
export function realmExport(seed = EXPORT_SEED) {
  const defaultScopes = ['basic', 'roles', 'profile', API_SCOPE];
  const userProfile = {
    attributes: [
      {
        name: 'username',
        displayName: '${username}',
        validations: { length: { min: 3, max: 255 } },
        permissions: { view: ['admin', 'user'], edit: ['admin'] },
      },
      { name: 'firstName', displayName: '${firstName}', permissions: { view: ['admin', 'user'], edit: ['admin'] } },
      { name: 'lastName', displayName: '${lastName}', permissions: { view: ['admin', 'user'], edit: ['admin'] } },
      {
        name: 'org',
        displayName: 'Organisatie (OIN)',
        validations: { pattern: { pattern: '^\\d{20}$' } },
        permissions: { view: ['admin'], edit: ['admin'] },
      },
      {
        name: 'bsn',
        displayName: 'BSN',
        validations: { pattern: { pattern: '^\\d{9}$' } },
        permissions: { view: ['admin'], edit: ['admin'] },
      },
    ],
    unmanagedAttributePolicy: 'ADMIN_VIEW',
  };
  const people = demoUsers(seed);
  return {
    realm: REALM,
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    accessTokenLifespan: 900,
    roles: { realm: ROLES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] })) },
    clientScopes: [
      {
        name: API_SCOPE,
        description: 'Audience, organisation and BSN claims for the plein API',
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: [
          {
            name: 'audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            consentRequired: false,
            config: {
              'included.client.audience': API_AUDIENCE,
              'access.token.claim': 'true',
              'id.token.claim': 'false',
              'introspection.token.claim': 'true',
            },
          },
          ...PERSON_ATTRIBUTES.map(attributeMapper),
        ],
      },
    ],
    clients: [
      { clientId: API_AUDIENCE, name: 'Plein API (resource server)', enabled: true, bearerOnly: true, protocol: 'openid-connect' },
      {
        clientId: WEB_CLIENT.clientId,
        name: 'Plein web and tools (people)',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        implicitFlowEnabled: false,
        serviceAccountsEnabled: false,
        redirectUris: WEB_CLIENT.redirectUris,
        webOrigins: ['+'],
        attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': '+' },
        defaultClientScopes: defaultScopes,
      },
      ...serviceAccounts().map((c) => ({
        clientId: c.clientId,
        name: c.description,
        enabled: true,
        protocol: 'openid-connect',
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        secret: c.secret,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        implicitFlowEnabled: false,
        serviceAccountsEnabled: true,
        defaultClientScopes: defaultScopes,
      })),
    ],
    users: [
      ...people.map((u) => {
        const [firstName, ...rest] = u.name.split(' ');
        return {
          username: u.username,
          enabled: true,
          firstName,
          lastName: rest.join(' '),
          attributes: { ...(u.org ? { org: [u.org] } : {}), ...(u.bsn ? { bsn: [u.bsn] } : {}) },
          realmRoles: u.roles,
          // Pilot accounts only: change or remove before any real personal data is loaded.
          credentials: [{ type: 'password', value: 'demo', temporary: false }],
        };
      }),
      ...serviceAccounts().map((c) => ({
        username: `service-account-${c.clientId}`,
        enabled: true,
        serviceAccountClientId: c.clientId,
        attributes: { org: [c.org] },
        realmRoles: c.roles,
      })),
    ],
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        { providerId: 'declarative-user-profile', subComponents: {}, config: { 'kc.user.profile.config': [JSON.stringify(userProfile)] } },
      ],
    },
  };
}
