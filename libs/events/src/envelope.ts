import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, isValidBsn, isValidOin } from '@plein/domain';

/**
 * A plein event: CloudEvents 1.0 following the NL GOV profile for CloudEvents.
 * - `source` is the publishing organisation as `urn:nld:oin:<OIN>`;
 * - `type` is reverse DNS ending in a version, e.g. `nl.ontmoetingsplein.consent.granted.v1`;
 * - `subject` is a pseudonym, never a BSN; no BSN may appear anywhere in the event;
 * - `dataref` points at the data where it stays at its source (thin notifications).
 */
export interface PleinEvent<D = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype?: 'application/json';
  dataref?: string;
  sequence?: string;
  data?: D;
}

export const EventErrorCode = { INVALID_EVENT: 'INVALID_EVENT' } as const;

export class InvalidEventError extends DomainError<'INVALID_EVENT'> {
  constructor(readonly problems: string[]) {
    super(EventErrorCode.INVALID_EVENT, `Invalid event: ${problems.join('; ')}.`, { problems });
  }
}

const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[1-9][0-9]*$/;
const SOURCE = /^urn:nld:oin:(\d{20})$/;
export const MAX_EVENT_BYTES = 256 * 1024;

const envelopeSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).max(200),
    source: z.string().regex(SOURCE, 'source must be urn:nld:oin:<20-digit OIN>'),
    type: z.string().max(200).regex(TYPE, 'type must be reverse DNS ending in a version, e.g. nl.ontmoetingsplein.consent.granted.v1'),
    subject: z.string().min(1).max(200).optional(),
    time: z.iso.datetime({ offset: true }),
    datacontenttype: z.literal('application/json').optional(),
    dataref: z.url().optional(),
    sequence: z.string().regex(/^\d+$/).optional(),
    data: z.unknown().optional(),
  })
  .strict();

/** Validates an event as published or received; refuses with every problem found. */
export function validateEvent(input: unknown): PleinEvent {
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidEventError(parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`));
  }
  const event = parsed.data as PleinEvent;
  const problems: string[] = [];
  if (!isValidOin(SOURCE.exec(event.source)![1]!)) problems.push('source: not an OIN');
  const bsnAt = findBsn(event);
  if (bsnAt) problems.push(`${bsnAt}: looks like a BSN; events carry pseudonyms, never a BSN`);
  if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) problems.push(`event: larger than ${MAX_EVENT_BYTES / 1024} KiB`);
  if (event.data !== undefined && event.datacontenttype !== 'application/json')
    problems.push('datacontenttype: application/json is required with data');
  if (problems.length > 0) throw new InvalidEventError(problems);
  return event;
}

export interface NewEvent<D> {
  type: string;
  /** The publishing organisation's OIN. */
  sourceOin: string;
  subject?: string;
  data?: D;
  dataref?: string;
}

export function createEvent<D>(e: NewEvent<D>, now = new Date()): PleinEvent<D> {
  return validateEvent({
    specversion: '1.0',
    id: randomUUID(),
    source: `urn:nld:oin:${e.sourceOin}`,
    type: e.type,
    ...(e.subject === undefined ? {} : { subject: e.subject }),
    time: now.toISOString(),
    ...(e.data === undefined ? {} : { datacontenttype: 'application/json', data: e.data }),
    ...(e.dataref === undefined ? {} : { dataref: e.dataref }),
  }) as PleinEvent<D>;
}

/** The path of the first string anywhere in the event that passes the 11-proef as a BSN. */
function findBsn(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return /^\d{9}$/.test(value) && isValidBsn(value) ? path || 'event' : undefined;
  if (typeof value === 'number') return findBsn(String(value), path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findBsn(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findBsn(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}
