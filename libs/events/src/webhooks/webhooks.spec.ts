import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { HTTP } from 'cloudevents';
import { createEvent } from '../envelope.js';
import { newWebhookSecret, signDelivery, verifyDelivery } from './signing.js';
import { validateWebhookUrl } from './webhook-url.js';

const dev = { allowLoopbackHttp: true };
const prod = { allowLoopbackHttp: false };

describe('webhook URLs', () => {
  it('accepts https to a public address, and loopback http only in development', async () => {
    await expect(validateWebhookUrl('https://93.184.216.34/hooks/plein', prod)).resolves.toBeInstanceOf(URL);
    await expect(validateWebhookUrl('http://127.0.0.1:8080/hook', dev)).resolves.toBeInstanceOf(URL);
    await expect(validateWebhookUrl('http://localhost:8080/hook', dev)).resolves.toBeInstanceOf(URL);
    await expect(validateWebhookUrl('http://127.0.0.1:8080/hook', prod)).rejects.toThrow(/loopback, allowed in development only/);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /link-local, metadata or reserved/],
    ['https://[fe80::1]/hook', /link-local, metadata or reserved/],
    ['https://[::ffff:169.254.169.254]/hook', /link-local, metadata or reserved/],
    ['https://[fd00:ec2::254]/hook', /link-local, metadata or reserved/],
    ['https://0.0.0.0/hook', /link-local, metadata or reserved/],
    ['https://10.1.2.3/hook', /private network/],
    ['https://192.168.1.10/hook', /private network/],
    ['http://93.184.216.34/hook', /use https/],
    ['file:///etc/passwd', /file: is not allowed/],
    ['https://user:pw@93.184.216.34/hook', /credentials/],
    ['https://does-not-resolve.invalid/hook', /cannot be resolved/],
    ['not a url', /is not a URL/],
  ])('refuses %s, saying why', async (url, reason) => {
    await expect(validateWebhookUrl(url, dev)).rejects.toThrow(reason);
  });
});

describe('signed deliveries (Standard Webhooks, CloudEvents HTTP binding)', () => {
  const secret = newWebhookSecret(randomBytes(32));
  const event = createEvent({
    type: 'nl.ontmoetingsplein.subgraph.published.v1',
    sourceOin: '00000001999999990000',
    data: { subgraph: 'uwv' },
  });

  it('verifies with the receiver\u2019s library, and parses with the official CloudEvents SDK', () => {
    const delivery = signDelivery(secret, event);
    expect(() => verifyDelivery(secret, delivery.headers, delivery.body)).not.toThrow();
    const parsed = HTTP.toEvent({ headers: delivery.headers, body: delivery.body }) as { id: string; type: string; data: unknown };
    expect(parsed).toMatchObject({ id: event.id, type: event.type, data: { subgraph: 'uwv' } });
  });

  it('fails verification for a tampered body, another secret, or an old timestamp', () => {
    const delivery = signDelivery(secret, event);
    expect(() => verifyDelivery(secret, delivery.headers, delivery.body.replace('uwv', 'svb'))).toThrow();
    expect(() => verifyDelivery(newWebhookSecret(randomBytes(32)), delivery.headers, delivery.body)).toThrow();
    const old = signDelivery(secret, event, new Date(Date.now() - 10 * 60_000));
    expect(() => verifyDelivery(secret, old.headers, old.body)).toThrow();
  });

  it('keeps the event id across retries, so receivers de-duplicate', () => {
    const first = signDelivery(secret, event);
    const retry = signDelivery(secret, event, new Date(Date.now() + 30_000));
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(retry.headers['ce-id']).toBe(event.id);
  });
});
