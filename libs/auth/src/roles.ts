/**
 * The plein's realm roles: the one list that the code, the dev identity provider and the
 * Keycloak realm export in deploy/keycloak all derive from.
 */
export const Role = {
  CASEWORKER: 'caseworker',
  RESIDENT: 'resident',
  AGENCY_PUBLISHER: 'agency-publisher',
  INTEGRATOR: 'integrator',
  PLEIN_ADMIN: 'plein-admin',
  EVENT_ROUTER: 'event-router',
  SECURITY_OFFICER: 'security-officer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = Object.values(Role);

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  caseworker: "Klantmanager or schuldhulpverlener: reads households' data for their organisation",
  resident: 'A resident: reads their own data and manages their own consents',
  'agency-publisher': "Publishes an agency's subgraphs and services, for that agency only",
  integrator: 'Subscribes to plein events, on its own subscriptions only',
  'plein-admin': 'Administers the plein; reads no personal data',
  'event-router':
    "The plein's dispatcher: asks whether an organisation has a basis to receive an event about a resident; reads no personal data",
  'security-officer':
    "An organisation's security officer (functionaris gegevensbescherming / CISO office): works the misuse signals about their own organisation's accesses, and residents' requests for an explanation",
};

/** Roles whose tokens must name the caller's organisation (its OIN) in `org`. */
export const ORGANISATION_ROLES: readonly Role[] = [
  Role.CASEWORKER,
  Role.AGENCY_PUBLISHER,
  Role.INTEGRATOR,
  Role.PLEIN_ADMIN,
  Role.EVENT_ROUTER,
  Role.SECURITY_OFFICER,
];

export const REALM = 'plein';
/**
 * The audience of tokens for the plein's public API, and the gateway's own client: people and
 * service accounts get tokens for it; nothing else accepts them.
 */
export const API_AUDIENCE = 'plein-api';

/**
 * The plein's own apps behind the gateway, each its own client and audience in the realm. An
 * agency subgraph's audience is its subgraph name (the client id its Keycloak client carries).
 */
export const PLEIN_APP_AUDIENCES = ['registry', 'household', 'consent', 'dispatcher', 'catalogue', 'accountability'] as const;

/**
 * A purpose a caller may state is a realm role `purpose:<name>` (a composite of the caseworker's
 * work); the gateway refuses any other, and the exchanged token carries the one stated.
 */
export const PURPOSE_ROLE_PREFIX = 'purpose:';

export function purposeRole(purpose: string): string {
  return `${PURPOSE_ROLE_PREFIX}${purpose}`;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
