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
