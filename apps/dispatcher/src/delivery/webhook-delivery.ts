import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { forbiddenAddress, signDelivery, validateEvent, type DeliveredRecord, type PleinEvent, type WebhookUrlPolicy } from '@plein/events';
import { matches, mayHear, type WebhookSubscription } from './webhook-subscription.js';

export interface DeliverySettings {
  timeoutMs: number;
  policy: WebhookUrlPolicy;
  /** The last word on whether the subscriber may hear of this event (BasisGate); throws when nobody can say yet. */
  admit?: (org: string, event: PleinEvent) => Promise<boolean>;
}

/** A delivery the receiver did not accept; the log retries it, then dead-letters it with this reason. */
export class DeliveryFailed extends Error {}

/**
 * Resolves like the system resolver, then refuses the connection when an address is not
 * allowed: checked when the socket connects, every delivery, so a host that re-points its DNS
 * after it was accepted (DNS rebinding) still cannot reach a forbidden address.
 */
function guardedLookup(policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const refused = addresses.map((a) => forbiddenAddress(a.address, policy)).find((r) => r !== undefined);
      if (refused) return callback(new DeliveryFailed(`address refused: ${refused}`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * Turns a log record back into its CloudEvent (Kafka binding, binary mode) and posts it to the
 * subscription's URL with the CloudEvents HTTP binding, signed. Redirects are not followed: a
 * 3xx is a failure, so an endpoint cannot bounce a delivery to another address.
 */
export async function deliverToWebhook(
  subscription: WebhookSubscription,
  record: DeliveredRecord,
  settings: DeliverySettings,
): Promise<'delivered' | 'filtered'> {
  const event = eventFromRecord(record);
  if (!matches(subscription, event.type, event.source)) return 'filtered';
  if (!(await mayHear(subscription.org, event, settings.admit))) return 'filtered';
  const { headers, body } = signDelivery(subscription.secret, event);
  const url = new URL(subscription.url);
  if (url.protocol === 'http:' && !settings.policy.allowLoopbackHttp) throw new DeliveryFailed('http is allowed in development only');
  // An address in the URL itself is connected to without a lookup, so it is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  const refused = isIP(literal) ? forbiddenAddress(literal, settings.policy) : undefined;
  if (refused) throw new DeliveryFailed(`address refused: ${refused}`);
  const status = await post(url, headers, body, settings);
  if (status < 200 || status >= 300) throw new DeliveryFailed(`the receiver answered HTTP ${status}`);
  return 'delivered';
}

function post(url: URL, headers: Record<string, string>, body: string, settings: DeliverySettings): Promise<number> {
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    lookup: guardedLookup(settings.policy),
    timeout: settings.timeoutMs,
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (e) => reject(new DeliveryFailed(`the answer broke off: ${e.message}`)));
    });
    req.on('timeout', () => req.destroy(new DeliveryFailed(`no answer within ${settings.timeoutMs} ms`)));
    req.on('error', (e) => reject(e instanceof DeliveryFailed ? e : new DeliveryFailed(`could not connect: ${e.message}`)));
    req.end(body);
  });
}

export function eventFromRecord(record: DeliveredRecord): PleinEvent {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.headers)) if (name.startsWith('ce_')) attributes[name.slice(3)] = value;
  const data: unknown = JSON.parse(record.value);
  return validateEvent({ ...attributes, ...(data === null ? {} : { datacontenttype: 'application/json', data }) });
}
