import { EventTypes, type EventTypeDefinition, type PleinEvent } from '@plein/events';

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
 * The plein's events meant for one organisation go to that organisation only: a consent's grant
 * or revocation to its grantee, a misuse signal to the organisation whose accesses it is about.
 */
export function mayReceive(subscription: Pick<WebhookSubscription, 'org'>, onlyFor: string | undefined, data: unknown): boolean {
  if (onlyFor === undefined) return true;
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[onlyFor] === subscription.org;
}

const ONLY_FOR = new Map<string, string>(
  Object.values(EventTypes as Record<string, EventTypeDefinition>)
    .filter((t) => t.onlyFor !== undefined)
    .map((t) => [t.type, t.onlyFor!]),
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
  if (!mayReceive({ org }, ONLY_FOR.get(event.type), event.data)) return false;
  return admit ? admit(org, event) : true;
}
