import { API_AUDIENCE, REALM, Role } from '@plein/auth';
import { DEMO_AGENCIES, GEMEENTE, generateHousehold } from '@plein/demo-population';

/**
 * The realm `plein`: its clients and demo users. The dev identity provider serves it and
 * tools/keycloak writes the same definition as a Keycloak realm export, so pilots and tests
 * see the same roles, clients and claims.
 */
export interface ServiceAccountClient {
  clientId: string;
  /** Dev and pilot secret only; production clients get theirs from Keycloak. */
  secret: string;
  roles: Role[];
  org: string;
  description: string;
}

export interface DemoUser {
  username: string;
  name: string;
  roles: Role[];
  org?: string;
  bsn?: string;
  description: string;
}

export const PLEIN_OIN = '00000001999999990000';
export const ZEIST_OIN = '00000001001897811000';
export const INTEGRATOR_OIN = '00000001854378000000';
/** A second integrator (a housing corporation), so tests can show one integrator never reaches another's subscriptions. */
export const WOONCORP_OIN = '00000003301234560000';
/** An agency that is not on the plein yet: the realm has its publisher, so it can join itself. */
export const AMERSFOORT_OIN = '00000001001891316000';

/** Public client for people: authorization code with PKCE. */
export const WEB_CLIENT = {
  clientId: 'plein-web',
  redirectUris: ['http://127.0.0.1:8080/callback', 'http://localhost:8080/callback'],
};

export const API_RESOURCE = 'urn:plein:api';
export { API_AUDIENCE, REALM };

export function serviceAccounts(): ServiceAccountClient[] {
  return [
    ...DEMO_AGENCIES.map((a) => ({
      clientId: `${a.key}-publisher`,
      secret: `${a.key}-publisher-secret`,
      roles: [Role.AGENCY_PUBLISHER],
      org: a.oin,
      description: `Publishes ${a.name}'s subgraph`,
    })),
    {
      clientId: 'plein-publisher',
      secret: 'plein-publisher-secret',
      roles: [Role.AGENCY_PUBLISHER],
      org: PLEIN_OIN,
      description: "Publishes the plein's own subgraphs",
    },
    {
      clientId: 'plein-operator',
      secret: 'plein-operator-secret',
      roles: [Role.PLEIN_ADMIN],
      org: PLEIN_OIN,
      description: 'Automation of the plein operator',
    },
    {
      clientId: 'amersfoort-publisher',
      secret: 'amersfoort-publisher-secret',
      roles: [Role.AGENCY_PUBLISHER],
      org: AMERSFOORT_OIN,
      description: 'Publishes for Gemeente Amersfoort, an agency joining the plein',
    },
    {
      clientId: 'demo-integrator',
      secret: 'demo-integrator-secret',
      roles: [Role.INTEGRATOR],
      org: INTEGRATOR_OIN,
      description: 'A demo integrator',
    },
    {
      clientId: 'wooncorp-integrator',
      secret: 'wooncorp-integrator-secret',
      roles: [Role.INTEGRATOR],
      org: WOONCORP_OIN,
      description: 'A housing corporation integrating for early warning of payment arrears',
    },
  ];
}

/** Adulthood of demo residents is judged on a fixed day, so the realm does not change as children grow up. */
const REFERENCE_DAY = '2026-11-23';

/** People on the dev login page; residents are the adults of the first demo households. */
export function demoUsers(seed: string): DemoUser[] {
  const day = REFERENCE_DAY;
  const residents: DemoUser[] = [];
  for (let i = 0; i < 3; i++) {
    const h = generateHousehold(seed, i, day);
    const adults = h.members.filter((m) => Number(day.slice(0, 4)) - Number(m.birthDate.slice(0, 4)) >= 18);
    for (const m of adults) {
      residents.push({
        username: `${m.givenName}.${m.familyName}`.toLowerCase().replace(/[^a-z.]/g, ''),
        name: `${m.givenName} ${m.familyName}`,
        roles: [Role.RESIDENT],
        bsn: m.bsn,
        description: `Resident of household ${i}${i === 0 ? ' (the twelve-part household)' : ''}`,
      });
    }
  }
  return [
    {
      username: 'klantmanager.utrecht',
      name: 'Sanne de Wit',
      roles: [Role.CASEWORKER],
      org: GEMEENTE.oin,
      description: 'Caseworker, Gemeente Utrecht',
    },
    {
      username: 'schuldhulp.zeist',
      name: 'Jeroen Bakker',
      roles: [Role.CASEWORKER],
      org: ZEIST_OIN,
      description: 'Debt counsellor, Gemeente Zeist',
    },
    ...residents,
    { username: 'beheerder', name: 'Plein Beheer', roles: [Role.PLEIN_ADMIN], org: PLEIN_OIN, description: 'Plein administrator' },
  ];
}
