/**
 * Every event type the plein publishes, with its topic. The AsyncAPI document is generated
 * from this list; producers name types only through it.
 */
export interface EventTypeDefinition {
  type: string;
  topic: string;
  summary: string;
  /** Whether the subject is a resident's pseudonym (consumers filter by consent then). */
  aboutResident: boolean;
  /** The field of `data` naming the one organisation (OIN) that may hear of it, for the plein's events meant for one organisation. */
  onlyFor?: string;
  /** JSON Schema of `data`, where one is registered (agency event types). */
  schema?: { [key: string]: unknown };
}

export const EventTypes = {
  SUBGRAPH_PUBLISHED: {
    type: 'nl.ontmoetingsplein.subgraph.published.v1',
    topic: 'plein.registry',
    summary: 'An agency published a new revision of its subgraph; the supergraph changed.',
    aboutResident: false,
  },
  SUBGRAPH_REMOVED: {
    type: 'nl.ontmoetingsplein.subgraph.removed.v1',
    topic: 'plein.registry',
    summary:
      'A subgraph left the supergraph: an administrator rolled back to a version composed without it. Data: subgraph, agency, agency OIN, the new supergraph version.',
    aboutResident: false,
  },
  CONSENT_GRANTED: {
    type: 'nl.ontmoetingsplein.consent.granted.v1',
    topic: 'plein.consent',
    summary:
      'A resident (or a parent for a minor) granted an organisation consent for a purpose; data: consent id, grantee, purpose, categories, the agencies and agency:category pairs it covers (fixed at grant), whether agencies that join later are included, validity.',
    aboutResident: true,
    onlyFor: 'granteeOrg',
  },
  CONSENT_REVOKED: {
    type: 'nl.ontmoetingsplein.consent.revoked.v1',
    topic: 'plein.consent',
    summary: 'A resident revoked a consent; sources refuse from now on. Data: consent id, grantee, purpose.',
    aboutResident: true,
    onlyFor: 'granteeOrg',
  },
  CONSENT_EXPIRED: {
    type: 'nl.ontmoetingsplein.consent.expired.v1',
    topic: 'plein.consent',
    summary:
      'A consent reached the end of its validity, or one a parent gave lapsed when the child came of age; sources refuse from now on. Data: consent id, grantee, purpose.',
    aboutResident: true,
    onlyFor: 'granteeOrg',
  },
  SERVICE_PUBLISHED: {
    type: 'nl.ontmoetingsplein.service.published.v1',
    topic: 'plein.catalogue',
    summary: 'An agency published a service in the catalogue of life situations; data: the service.',
    aboutResident: false,
  },
  SERVICE_WITHDRAWN: {
    type: 'nl.ontmoetingsplein.service.withdrawn.v1',
    topic: 'plein.catalogue',
    summary: 'An agency withdrew a service from the catalogue; data: its id, agency and name.',
    aboutResident: false,
  },
  MISUSE_SIGNALLED: {
    type: 'nl.ontmoetingsplein.misuse.signalled.v1',
    topic: 'plein.accountability',
    summary:
      "A misuse rule fired on an organisation's own accesses (outside office hours, many households, repeated refusals, a protected resident, a first read on a statutory basis alone, a burst): for that organisation only. Data: signal id, organisation, rule, reason, the employee's and the resident's pseudonymous ids. No BSN, no name.",
    aboutResident: false,
    onlyFor: 'org',
  },
} as const satisfies Record<string, EventTypeDefinition>;

export const TOPIC_PARTITIONS = 6;

export function topicsOf(types: readonly EventTypeDefinition[]): string[] {
  return [...new Set(types.map((t) => t.topic))];
}
