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
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = Object.values(Role);

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  caseworker: "Klantmanager or schuldhulpverlener: reads households' data for their organisation",
  resident: 'A resident: reads their own data and manages their own consents',
  'agency-publisher': "Publishes an agency's subgraphs and services, for that agency only",
  integrator: 'Subscribes to plein events, on its own subscriptions only',
  'plein-admin': 'Administers the plein; reads no personal data',
};

/** Roles whose tokens must name the caller's organisation (its OIN) in `org`. */
export const ORGANISATION_ROLES: readonly Role[] = [Role.CASEWORKER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR, Role.PLEIN_ADMIN];

export const REALM = 'plein';
/** The audience every access token for the plein's API carries. */
export const API_AUDIENCE = 'plein-api';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
