import { describe, expect, it } from '@jest/globals';
import { CloudEvent } from 'cloudevents';
import { createEvent, validateEvent } from './envelope.js';
import { pseudonymOf } from './pseudonym.js';

const KEY = 'a-test-key-of-at-least-thirty-two-characters';
const valid = () =>
  createEvent({
    type: 'nl.ontmoetingsplein.consent.granted.v1',
    sourceOin: '00000001999999990000',
    subject: pseudonymOf('111222333' as never, KEY),
    data: { purpose: 'schuldhulpverlening' },
  });

describe('plein event envelope (NL GOV profile for CloudEvents)', () => {
  it('creates a valid CloudEvent that the official SDK accepts', () => {
    const event = valid();
    expect(event).toMatchObject({ specversion: '1.0', source: 'urn:nld:oin:00000001999999990000', datacontenttype: 'application/json' });
    const sdk = new CloudEvent(event as never);
    expect(sdk.validate()).toBe(true);
    expect(sdk.type).toBe('nl.ontmoetingsplein.consent.granted.v1');
  });

  it('never carries a BSN: not as subject, not anywhere in the data', () => {
    expect(() => validateEvent({ ...valid(), subject: '111222333' })).toThrow(/subject: looks like a BSN/);
    expect(() => validateEvent({ ...valid(), data: { household: [{ bsn: '111222333' }] } })).toThrow(
      /data\.household\[0\]\.bsn: looks like a BSN/,
    );
    expect(() => validateEvent({ ...valid(), data: { n: 111222333 } })).toThrow(/looks like a BSN/);
  });

  it.each([
    ['a source that is not an OIN URN', { source: 'https://uwv.nl' }, /source must be urn:nld:oin/],
    ['a type without a version', { type: 'nl.ontmoetingsplein.consent.granted' }, /type must be reverse DNS ending in a version/],
    ['another spec version', { specversion: '0.3' }, /specversion/],
    ['a time that is not RFC 3339', { time: 'yesterday' }, /time/],
    ['unknown attributes', { bsnHash: 'x' }, /Unrecognized key/],
  ])('refuses %s, saying why', (_name, change, reason) => {
    expect(() => validateEvent({ ...valid(), ...change })).toThrow(reason);
  });

  it('gives a resident one stable pseudonym per key, and another under another key', () => {
    const a = pseudonymOf('111222333' as never, KEY);
    expect(pseudonymOf('111222333' as never, KEY)).toBe(a);
    expect(pseudonymOf('111222333' as never, `${KEY}-other`)).not.toBe(a);
    expect(a).not.toContain('111222333');
  });
});
