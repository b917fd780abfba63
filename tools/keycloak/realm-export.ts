import { API_AUDIENCE, REALM, ROLES, ROLE_DESCRIPTIONS, purposeRole } from '@plein/auth';
import { PURPOSES } from '@plein/consent';
import { DEMO_AGENCIES } from '@plein/demo-population';
import {
  WEB_CLIENT,
  appClients,
  demoUsers,
  directAudiences,
  serviceAccounts,
  type AppClient,
  type ServiceAccountClient,
} from '../../apps/idp/src/realm.js';

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

const AGENCY_NEXT_HOPS = 'agency-next-hops';
/**
 * The dispatcher's service account works behind the API, not through it: its tokens are
 * addressed to the consent service (and carry its organisation), never to plein-api.
 */
const DISPATCHER_ACCOUNT = 'plein-dispatcher';
const DISPATCHER_AUDIENCES = `${DISPATCHER_ACCOUNT}-audiences`;
/** The plein's own service accounts, which production has too; the rest are demo organisations. */
const PRODUCTION_SERVICE_ACCOUNTS = ['plein-operator', 'plein-publisher', 'plein-dispatcher'];
/** The agencies' subgraph clients are the demo agencies': a real agency registers its own (deploy/keycloak/README.md). */
const demoAgencyClient = (c: AppClient) => DEMO_AGENCIES.some((a) => a.key === c.clientId);

const audienceMapper = (audience: string) => ({
  name: `audience ${audience}`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  consentRequired: false,
  config: {
    'included.client.audience': audience,
    'access.token.claim': 'true',
    'id.token.claim': 'false',
    'introspection.token.claim': 'true',
  },
});

/**
 * The realm `plein` as a Keycloak realm export, from the same definition the dev identity
 * provider serves: roles from libs/auth, clients from apps/idp/src/realm.ts. It holds no
 * secret and no person: client secrets are Keycloak's to generate, and the demo users and
 * demo organisations are a separate development overlay (`realmDevOverlay`).
 * `org` and `bsn` are user attributes (admin-managed in the user profile) mapped into access
 * tokens by the `plein-api` client scope, which also sets the audience. Each purpose is a realm
 * role (who may state it) and an optional client scope that binds it into an exchanged token.
 */
export function realmExport() {
  const defaultScopes = ['basic', 'roles', 'profile', API_SCOPE];
  const purposes = Object.keys(PURPOSES);
  const apps = appClients().filter((c) => !demoAgencyClient(c));
  const accounts = serviceAccounts().filter((c) => PRODUCTION_SERVICE_ACCOUNTS.includes(c.clientId));
  return {
    realm: REALM,
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    accessTokenLifespan: 900,
    roles: {
      realm: [
        ...ROLES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] })),
        ...purposes.map((p) => ({
          name: purposeRole(p),
          description: `May state the purpose ${p}: ${PURPOSES[p as keyof typeof PURPOSES]}`,
        })),
      ],
    },
    clientScopes: [
      {
        name: API_SCOPE,
        description: 'Audience, organisation and BSN claims for the plein API',
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: [audienceMapper(API_AUDIENCE), ...PERSON_ATTRIBUTES.map(attributeMapper)],
      },
      ...purposes.map((p) => ({
        name: `purpose:${p}`,
        description: `Binds the purpose ${p} into an exchanged token (the gateway asks it only for callers with role ${purposeRole(p)})`,
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
        protocolMappers: [
          {
            name: 'purpose',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-hardcoded-claim-mapper',
            consentRequired: false,
            config: { 'claim.name': 'purpose', 'claim.value': p, 'jsonType.label': 'String', 'access.token.claim': 'true' },
          },
        ],
      })),
      // The audiences each app may exchange tokens for: Keycloak's standard token exchange
      // issues a token for an audience only when the requesting client's scopes carry it.
      {
        name: AGENCY_NEXT_HOPS,
        description: "What every agency's subgraph may exchange a caller's token for: the consent service",
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: [audienceMapper('consent')],
      },
      {
        name: DISPATCHER_AUDIENCES,
        description:
          'Audience and organisation of the dispatcher’s own tokens: the consent service, asked who may receive an event, and the population register, asked where a resident lives',
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: [...directAudiences(DISPATCHER_ACCOUNT).map(audienceMapper), attributeMapper('org')],
      },
      ...apps.map((c) => ({
        name: `${c.clientId}-next-hops`,
        description: `Audiences ${c.clientId} may exchange a caller's token for`,
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: c.exchangeTo.apps.map(audienceMapper),
      })),
    ],
    clients: [
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
      ...apps.map(appClientDefinition),
      ...accounts.map((c) =>
        serviceAccountClient(c, c.clientId === DISPATCHER_ACCOUNT ? ['basic', 'roles', DISPATCHER_AUDIENCES] : defaultScopes),
      ),
    ],
    users: accounts.map(serviceAccountUser),
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        { providerId: 'declarative-user-profile', subComponents: {}, config: { 'kc.user.profile.config': [JSON.stringify(USER_PROFILE)] } },
      ],
    },
  };
}

/**
 * What development and pilots on demo data add to the realm, as a Keycloak partial import:
 * the demo agencies' subgraph clients, the demo organisations' service accounts with their
 * development secrets, and the demo people (password `demo`). Never imported in production.
 */
export function realmDevOverlay(seed = EXPORT_SEED) {
  const defaultScopes = ['basic', 'roles', 'profile', API_SCOPE];
  const agencies = appClients().filter(demoAgencyClient);
  const accounts = serviceAccounts().filter((c) => !PRODUCTION_SERVICE_ACCOUNTS.includes(c.clientId));
  return {
    ifResourceExists: 'SKIP',
    clients: [
      ...agencies.map(appClientDefinition),
      ...accounts.map((c) => ({ ...serviceAccountClient(c, defaultScopes), secret: c.secret })),
    ],
    users: [
      ...demoUsers(seed).map((u) => {
        const [firstName, ...rest] = u.name.split(' ');
        return {
          username: u.username,
          enabled: true,
          firstName,
          lastName: rest.join(' '),
          attributes: { ...(u.org ? { org: [u.org] } : {}), ...(u.bsn ? { bsn: [u.bsn] } : {}) },
          realmRoles: u.roles,
          credentials: [{ type: 'password', value: 'demo', temporary: false }],
        };
      }),
      ...accounts.map(serviceAccountUser),
    ],
  };
}

/** A client with a secret (Keycloak generates it) and no browser flows. */
function confidentialClient(clientId: string, name: string, serviceAccountsEnabled: boolean) {
  return {
    clientId,
    name,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
    implicitFlowEnabled: false,
    serviceAccountsEnabled,
  };
}

/**
 * An app as a client: the audience of its tokens, exchanging them for its next hops. Every
 * agency's subgraph, a demo one or one that joins later, shares the `agency-next-hops` scope
 * (the consent service only).
 */
function appClientDefinition(c: AppClient) {
  return {
    ...confidentialClient(c.clientId, c.description, false),
    attributes: { 'standard.token.exchange.enabled': String(c.exchangeTo.apps.length > 0 || c.exchangeTo.sources) },
    defaultClientScopes: ['basic', 'roles', demoAgencyClient(c) ? AGENCY_NEXT_HOPS : `${c.clientId}-next-hops`],
    optionalClientScopes: Object.keys(PURPOSES).map((p) => `purpose:${p}`),
  };
}

function serviceAccountClient(c: ServiceAccountClient, defaultScopes: string[]) {
  return { ...confidentialClient(c.clientId, c.description, true), defaultClientScopes: defaultScopes };
}

function serviceAccountUser(c: ServiceAccountClient) {
  return {
    username: `service-account-${c.clientId}`,
    enabled: true,
    serviceAccountClientId: c.clientId,
    attributes: { org: [c.org] },
    realmRoles: c.roles,
  };
}

const USER_PROFILE = {
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
