import { createHmac } from 'node:crypto';
import type { Bsn } from '@plein/domain';

/**
 * The subject of an event about a resident: a keyed hash of the BSN, stable per plein so
 * integrators can correlate events about one resident, and useless without the plein's key.
 */
export function pseudonymOf(bsn: Bsn, key: string): string {
  if (key.length < 32) throw new Error('The pseudonym key must be at least 32 characters.');
  return `urn:plein:pseudonym:${createHmac('sha256', key).update(bsn).digest('base64url')}`;
}
