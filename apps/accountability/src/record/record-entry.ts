import { z } from 'zod';
import { OIN, SOURCE_KEY, textProblem, type ENTRY_TEXT_LIMITS } from '@plein/processing-log';

/** The most entries one hand-over may carry. */
export const MAX_ENTRIES = 100;

// The record's rules for text are the ones sources check before they write (`entryProblem`): no
// BSN, a length limit per field, and ids taken as they are.
const text = (field: keyof typeof ENTRY_TEXT_LIMITS) =>
  z.string().superRefine((value, ctx) => {
    const problem = textProblem(field, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** One processing-log entry as a source hands it over (the Logboek's fields, the actor, and its place in the chain). */
export const recordEntrySchema = z
  .object({
    seq: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, '64 hex characters'),
    traceId: z.string().regex(/^[0-9a-f]{32}$/, '32 hex characters'),
    name: text('name'),
    statusCode: z.union([z.literal(1), z.literal(2)]),
    startTime: z.iso.datetime({ offset: true }),
    processingActivityId: text('processingActivityId'),
    // None only for a request refused before any resident was in question (checked below).
    dataSubjectId: z
      .string()
      .regex(/^urn:plein:pseudonym:[A-Za-z0-9_-]{20,100}$/, 'a plein pseudonym (urn:plein:pseudonym:…)')
      .nullable(),
    purpose: text('purpose'),
    legalBasis: text('legalBasis'),
    receiverOrg: z.string().regex(OIN, 'a 20-digit OIN').nullable(),
    receiverRole: text('receiverRole'),
    category: text('category'),
    source: z.string().regex(SOURCE_KEY, 'an agency key'),
    // A UUID is taken as it is; anything else (a service account, the dev provider's usernames) is checked for a BSN.
    actor: text('actor').nullable().optional(),
  })
  .refine((e) => e.dataSubjectId !== null || e.statusCode === 2, {
    path: ['dataSubjectId'],
    message: 'an access names its resident; only a refusal may name none',
  });

export const handOverSchema = z.object({ entries: z.array(recordEntrySchema).min(1).max(MAX_ENTRIES) }).loose();

export type RecordEntry = z.infer<typeof recordEntrySchema>;
