import { Webhook } from 'standardwebhooks';
import type { PleinEvent } from '../envelope.js';

/**
 * Webhook deliveries are signed after the Standard Webhooks specification (docs/webhooks.md):
 * `webhook-id` (the event id), `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (`v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with the subscription's secret), so a
 * receiver verifies with the official library of its own language. The event travels in the
 * CloudEvents HTTP binding, binary mode: attributes as `ce-` headers, data as the body.
 */
export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
}

export function signDelivery(secret: string, event: PleinEvent, now = new Date()): SignedDelivery {
  // A thin event (details at its dataref) has no data: an empty body, not a JSON null.
  const body = event.data === undefined ? '' : JSON.stringify(event.data);
  const headers: Record<string, string> = event.data === undefined ? {} : { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(event)) {
    if (name !== 'data' && name !== 'datacontenttype' && value !== undefined) headers[`ce-${name}`] = String(value);
  }
  headers['webhook-id'] = event.id;
  headers['webhook-timestamp'] = String(Math.floor(now.getTime() / 1000));
  headers['webhook-signature'] = new Webhook(secret).sign(event.id, now, body);
  return { headers, body };
}

/** What a receiver does (shown for integrators; the plein itself only signs). */
export function verifyDelivery(secret: string, headers: Record<string, string>, body: string): void {
  new Webhook(secret).verify(body, headers);
}

/** A new subscription secret in the Standard Webhooks form. */
export function newWebhookSecret(random: Buffer): string {
  return `whsec_${random.toString('base64')}`;
}
