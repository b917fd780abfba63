import { EventTypes, type PleinEvent } from '@plein/events';

/** An integrator's webhook subscription: which events, delivered where, signed with what. */
export interface WebhookSubscription {
  id: string;
  /** The integrator's organisation (OIN): it sees and manages only its own subscriptions. */
  org: string;
  /** Event types to deliver; empty means all. */
  types: string[];
  /** Event sources (urn:nld:oin:…) to deliver; empty means all. */
  sources: string[];
  url: string;
  secret: string;
}

export function matches(subscription: Pick<WebhookSubscription, 'types' | 'sources'>, type: string, source: string): boolean {
  return (
    (subscription.types.length === 0 || subscription.types.includes(type)) &&
    (subscription.sources.length === 0 || subscription.sources.includes(source))
  );
}

/**
 * Events about a resident go only to the organisation the resident's consent names: a grant or
 * revocation is news for its grantee and nobody else's business.
 */
export function mayReceive(subscription: Pick<WebhookSubscription, 'org'>, aboutResident: boolean, data: unknown): boolean {
  if (!aboutResident) return true;
  return typeof data === 'object' && data !== null && (data as { granteeOrg?: unknown }).granteeOrg === subscription.org;
}

const ABOUT_RESIDENT = new Set<string>(
  Object.values(EventTypes)
    .filter((t) => t.aboutResident)
    .map((t) => t.type),
);

/**
 * Whether an organisation may hear of an event, over a webhook or its Kafka topic alike: the
 * plein's own events about a resident only as their grantee; an event an organisation published
 * only as `admit` (the basis gate) decides.
 */
export async function mayHear(
  org: string,
  event: PleinEvent,
  admit?: (org: string, event: PleinEvent) => Promise<boolean>,
): Promise<boolean> {
  if (!mayReceive({ org }, ABOUT_RESIDENT.has(event.type), event.data)) return false;
  return admit ? admit(org, event) : true;
}
