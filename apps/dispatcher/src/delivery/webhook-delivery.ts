import { signDelivery, validateEvent, type DeliveredRecord, type PleinEvent } from '@plein/events';
import { matches, type WebhookSubscription } from './webhook-subscription.js';

export interface DeliverySettings {
  timeoutMs: number;
}

/** A delivery the receiver did not accept; the log retries it, then dead-letters it with this reason. */
export class DeliveryFailed extends Error {}

/**
 * Turns a log record back into its CloudEvent (Kafka binding, binary mode) and posts it to the
 * subscription's URL, signed. Redirects are not followed: a 3xx is a failure, so an endpoint
 * cannot bounce a delivery to another address.
 */
export async function deliverToWebhook(
  subscription: WebhookSubscription,
  record: DeliveredRecord,
  settings: DeliverySettings,
): Promise<'delivered' | 'filtered'> {
  const event = eventFromRecord(record);
  if (!matches(subscription, event.type, event.source)) return 'filtered';
  const { headers, body } = signDelivery(subscription.secret, event);
  let res: Response;
  try {
    res = await fetch(subscription.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (e) {
    const name = (e as Error).name;
    throw new DeliveryFailed(
      name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : `could not connect: ${(e as Error).message}`,
    );
  }
  await res.body?.cancel();
  if (res.status < 200 || res.status >= 300) throw new DeliveryFailed(`the receiver answered HTTP ${res.status}`);
  return 'delivered';
}

export function eventFromRecord(record: DeliveredRecord): PleinEvent {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.headers)) if (name.startsWith('ce_')) attributes[name.slice(3)] = value;
  const data: unknown = JSON.parse(record.value);
  return validateEvent({ ...attributes, ...(data === null ? {} : { datacontenttype: 'application/json', data }) });
}
