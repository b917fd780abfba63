import { z } from 'zod';
import { isValidBsn } from '@plein/domain';

/** The most entries one hand-over may carry. */
export const MAX_ENTRIES = 100;

const text = (max: number) =>
  z
    .string()
    .max(max)
    // The record holds no BSN: an entry with something that passes the 11-proef where a pseudonym or a code belongs is refused.
    .refine((v) => !(v.match(/\d{9}/g) ?? []).some((digits) => isValidBsn(digits)), 'must not contain a BSN');

/** A token subject as Keycloak makes them (a UUID): its hex may hold nine digits that pass the 11-proef by chance. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One processing-log entry as a source hands it over (the Logboek's fields, the actor, and its place in the chain). */
export const recordEntrySchema = z
  .object({
    seq: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, '64 hex characters'),
    traceId: z.string().regex(/^[0-9a-f]{32}$/, '32 hex characters'),
    name: text(200).pipe(z.string().min(1)),
    statusCode: z.union([z.literal(1), z.literal(2)]),
    startTime: z.iso.datetime({ offset: true }),
    processingActivityId: text(500),
    // None only for a request refused before any resident was in question (checked below).
    dataSubjectId: z
      .string()
      .regex(/^urn:plein:pseudonym:[A-Za-z0-9_-]{20,100}$/, 'a plein pseudonym (urn:plein:pseudonym:…)')
      .nullable(),
    purpose: text(60).pipe(z.string().min(1)),
    legalBasis: text(300).pipe(z.string().min(1)),
    receiverOrg: z
      .string()
      .regex(/^\d{20}$/, 'a 20-digit OIN')
      .nullable(),
    receiverRole: text(200),
    category: text(40).pipe(z.string().min(1)),
    source: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'an agency key'),
    // A UUID is taken as it is; anything else (a service account, the dev provider's usernames) is checked for a BSN.
    actor: z
      .union([z.string().regex(UUID), text(200)])
      .nullable()
      .optional(),
  })
  .refine((e) => e.dataSubjectId !== null || e.statusCode === 2, {
    path: ['dataSubjectId'],
    message: 'an access names its resident; only a refusal may name none',
  });

export const handOverSchema = z.object({ entries: z.array(recordEntrySchema).min(1).max(MAX_ENTRIES) }).loose();

export type RecordEntry = z.infer<typeof recordEntrySchema>;
