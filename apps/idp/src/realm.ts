import { createHmac } from 'node:crypto';
import { API_AUDIENCE, PLEIN_APP_AUDIENCES, REALM, Role, purposeRole } from '@plein/auth';
import { PURPOSES } from '@plein/consent';
import { DEMO_AGENCIES, DEMO_INTEGRATOR, GEMEENTE, WOONCORP, ZEIST, generateHousehold } from '@plein/demo-population';

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
  /** Realm roles: a Role, and for caseworkers the purposes they may state (`purpose:<name>`). */
  roles: string[];
  org?: string;
  bsn?: string;
  description: string;
}

export const PLEIN_OIN = '00000001999999990000';
export const ZEIST_OIN = ZEIST.oin;
export const INTEGRATOR_OIN = DEMO_INTEGRATOR.oin;
/** A second integrator (a housing corporation), so tests can show one integrator never reaches another's subscriptions. */
export const WOONCORP_OIN = WOONCORP.oin;
/** An agency that is not on the plein yet: the realm has its publisher, so it can join itself. */
export const AMERSFOORT_OIN = '00000001001891316000';

/** Public client for people: authorization code with PKCE. */
export const WEB_CLIENT = {
  clientId: 'plein-web',
  redirectUris: ['http://127.0.0.1:8080/callback', 'http://localhost:8080/callback'],
};

export const API_RESOURCE = 'urn:plein:api';
/** A resource indicator for one of the plein's apps or an agency subgraph: `urn:plein:app:<audience>`. */
export const APP_RESOURCE_PREFIX = 'urn:plein:app:';
export { API_AUDIENCE, REALM };

/**
 * The clients the plein's apps are: each is the audience of the tokens it accepts, and may
 * exchange a token it received for a token addressed to the next hop. Agencies' subgraphs are
 * clients too (client id = subgraph name); joining agencies register theirs in Keycloak.
 */
export interface AppClient {
  clientId: string;
  description: string;
  /** The audiences it may exchange tokens for: any agency subgraph, and these plein apps. */
  exchangeTo: { sources: boolean; apps: readonly string[] };
}

export function appClients(): AppClient[] {
  return [
    {
      clientId: API_AUDIENCE,
      description: "The gateway: the plein's one public API; calls every subgraph with a token for that subgraph",
      exchangeTo: { sources: true, apps: PLEIN_APP_AUDIENCES },
    },
    {
      clientId: 'household',
      description: 'The household overview: asks every income provider and the consent service',
      exchangeTo: { sources: true, apps: ['consent'] },
    },
    {
      clientId: 'registry',
      description: 'The registry: reads a subgraph’s schema from its routing URL before publishing it',
      exchangeTo: { sources: true, apps: PLEIN_APP_AUDIENCES.filter((a) => a !== 'registry') },
    },
    {
      clientId: 'catalogue',
      description: 'The service catalogue: asks the registry which agency a publisher is',
      exchangeTo: { sources: false, apps: ['registry'] },
    },
    {
      clientId: 'consent',
      description: 'The consent service: asks the population register, for the resident, whom they have parental authority over',
      exchangeTo: { sources: true, apps: [] },
    },
    {
      clientId: 'dispatcher',
      description: "The event dispatcher: asks the consent service, as the caseworker, about a household's cases",
      exchangeTo: { sources: false, apps: ['consent'] },
    },
    {
      clientId: 'accountability',
      description: "The accountable record: receives every source's processing log and raises misuse signals; asks nobody",
      exchangeTo: { sources: false, apps: [] },
    },
    ...DEMO_AGENCIES.map((a) => ({
      clientId: a.key,
      description: `${a.name}'s subgraph: asks the consent service before it answers`,
      exchangeTo: { sources: false, apps: ['consent'] },
    })),
  ];
}

/** A subgraph name that can be an agency's audience: not the API and not one of the plein's own apps. */
export function isSourceAudience(audience: string): boolean {
  return (
    /^[a-z][a-z0-9-]{1,62}$/.test(audience) && audience !== API_AUDIENCE && !(PLEIN_APP_AUDIENCES as readonly string[]).includes(audience)
  );
}

/** Whether a client may exchange a token it received for one addressed to `audience`. */
export function mayExchange(clientId: string, audience: string): boolean {
  const client = appClients().find((c) => c.clientId === clientId);
  if (!client || audience === clientId) return false;
  return client.exchangeTo.apps.includes(audience) || (client.exchangeTo.sources && isSourceAudience(audience));
}

/**
 * The development secret of an app's client, derived from the plein home's own key: nothing
 * secret is in the code or the realm export, and every home has its own.
 */
export function appClientSecret(devKey: string, clientId: string): string {
  return createHmac('sha256', devKey).update(`client-secret:${clientId}`).digest('base64url');
}

/** Which app audiences a service account may ask tokens for directly (client credentials with a resource indicator). */
export function directAudiences(clientId: string): readonly string[] {
  if (clientId === 'plein-operator') return PLEIN_APP_AUDIENCES;
  // The dispatcher asks the consent service who may receive an event, and the population register where a resident lives.
  // It hands its processing log to the accountable record, like every source.
  if (clientId === 'plein-dispatcher') return ['consent', GEMEENTE.key, 'accountability'];
  const agency = DEMO_AGENCIES.find((a) => `${a.key}-publisher` === clientId);
  // An agency publishes its subgraph (registry), services (catalogue) and events (dispatcher), and hands its processing log to the accountable record.
  if (agency) return ['registry', 'catalogue', 'dispatcher', 'accountability', agency.key];
  // A partner without a subgraph registers its event types (registry) and publishes them (dispatcher).
  if (clientId === 'wooncorp-publisher') return ['registry', 'dispatcher'];
  if (clientId === 'plein-publisher') return ['registry', 'catalogue', ...PLEIN_APP_AUDIENCES];
  // An integrator reads an event's details where its dataref points: the dispatcher.
  if (serviceAccounts().some((c) => c.clientId === clientId && c.roles.includes(Role.INTEGRATOR))) return ['dispatcher'];
  return [];
}

/** The purposes a caseworker's work lets them state; the realm grants them as roles. */
const CASEWORKER_PURPOSES = Object.keys(PURPOSES).map(purposeRole);

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
      clientId: 'plein-dispatcher',
      secret: 'plein-dispatcher-secret',
      roles: [Role.EVENT_ROUTER],
      org: PLEIN_OIN,
      description: "The dispatcher's own account: asks the consent service whether a subscriber has a basis for an event",
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
    {
      clientId: 'wooncorp-publisher',
      secret: 'wooncorp-publisher-secret',
      roles: [Role.AGENCY_PUBLISHER],
      org: WOONCORP_OIN,
      description: 'Publishes the housing corporation’s signals of rent arrears (vroegsignalering)',
    },
    {
      clientId: 'utrecht-integrator',
      secret: 'utrecht-integrator-secret',
      roles: [Role.INTEGRATOR],
      org: GEMEENTE.oin,
      description: "Gemeente Utrecht's event subscriptions (its early-warning desk's system)",
    },
    {
      clientId: 'zeist-integrator',
      secret: 'zeist-integrator-secret',
      roles: [Role.INTEGRATOR],
      org: ZEIST_OIN,
      description: "Gemeente Zeist's event subscriptions",
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
      roles: [Role.CASEWORKER, ...CASEWORKER_PURPOSES],
      org: GEMEENTE.oin,
      description: 'Caseworker, Gemeente Utrecht',
    },
    {
      username: 'schuldhulp.zeist',
      name: 'Jeroen Bakker',
      // A debt counsellor states one purpose only: the realm is where that is decided.
      roles: [Role.CASEWORKER, purposeRole('schuldhulpverlening')],
      org: ZEIST_OIN,
      description: 'Debt counsellor, Gemeente Zeist',
    },
    // Colleagues of Sanne's: misuse detection compares a caseworker with the others of their organisation.
    {
      username: 'klantmanager2.utrecht',
      name: 'Pieter Smit',
      roles: [Role.CASEWORKER, ...CASEWORKER_PURPOSES],
      org: GEMEENTE.oin,
      description: 'Caseworker, Gemeente Utrecht',
    },
    {
      username: 'klantmanager3.utrecht',
      name: 'Noor Yilmaz',
      roles: [Role.CASEWORKER, ...CASEWORKER_PURPOSES],
      org: GEMEENTE.oin,
      description: 'Caseworker, Gemeente Utrecht',
    },
    {
      username: 'security.utrecht',
      name: 'Femke Jansen',
      roles: [Role.SECURITY_OFFICER],
      org: GEMEENTE.oin,
      description: "Security officer, Gemeente Utrecht: works the misuse signals about Utrecht's accesses",
    },
    {
      username: 'security.zeist',
      name: 'Ruben de Groot',
      roles: [Role.SECURITY_OFFICER],
      org: ZEIST_OIN,
      description: "Security officer, Gemeente Zeist: works the misuse signals about Zeist's accesses",
    },
    ...residents,
    {
      username: 'publicatie.utrecht',
      name: 'Ilse Verhoeven',
      roles: [Role.AGENCY_PUBLISHER],
      org: GEMEENTE.oin,
      description: "Engineer at Gemeente Utrecht who publishes the municipality's subgraph and services",
    },
    {
      username: 'integratie.vroegeropaf',
      name: 'Mo Bakker',
      roles: [Role.INTEGRATOR],
      org: DEMO_INTEGRATOR.oin,
      description: "Integrator at Stichting Vroeg Eropaf who looks after the organisation's event subscriptions",
    },
    { username: 'beheerder', name: 'Plein Beheer', roles: [Role.PLEIN_ADMIN], org: PLEIN_OIN, description: 'Plein administrator' },
  ];
}
