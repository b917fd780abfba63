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

/** Where an entry stands in its source's chain: enough to account for one the record cannot keep. */
const place = {
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, '64 hex characters'),
  source: z.string().regex(SOURCE_KEY, 'an agency key'),
};
const placeSchema = z.object(place);

/** One processing-log entry as a source hands it over (the Logboek's fields, the actor, and its place in the chain). */
export const recordEntrySchema = z
  .object({
    ...place,
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
    // A UUID is taken as it is; anything else (a service account, the dev provider's usernames) is checked for a BSN.
    actor: text('actor').nullable().optional(),
  })
  .refine((e) => e.dataSubjectId !== null || e.statusCode === 2, {
    path: ['dataSubjectId'],
    message: 'an access names its resident; only a refusal may name none',
  });

const handOverSchema = z.object({ entries: z.array(z.unknown()).min(1).max(MAX_ENTRIES) }).loose();

export type RecordEntry = z.infer<typeof recordEntrySchema>;

/** An entry the record does not keep, by its place in the source's chain and the rules it broke (never its text). */
export interface SetAsideEntry {
  source: string;
  seq: number;
  hash: string;
  problem: string;
}

/** The most characters of a set-aside entry's problems that are kept. */
export const PROBLEM_LIMIT = 1000;

const describe = (issues: readonly z.core.$ZodIssue[], prefix: string) =>
  issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || 'body'}: ${i.message}`).join('; ');

/**
 * A hand-over sorted into the entries the record keeps and those it sets aside. An entry that
 * breaks a rule is set aside by its place in the chain rather than refusing the hand-over: a
 * source hands over in chain order, so a refusal would stop every later access of that source
 * from reaching the misuse rules (a source and a record of different versions, or a rule
 * tightened). Only a hand-over that is not one, or an entry with no place, is refused whole.
 */
export function sortHandOver(body: unknown): { keep: RecordEntry[]; setAside: SetAsideEntry[] } | { refused: string } {
  const envelope = handOverSchema.safeParse(body);
  if (!envelope.success) return { refused: describe(envelope.error.issues.slice(0, 1), '') };
  const keep: RecordEntry[] = [];
  const setAside: SetAsideEntry[] = [];
  for (const [i, raw] of envelope.data.entries.entries()) {
    const entry = recordEntrySchema.safeParse(raw);
    if (entry.success) {
      keep.push(entry.data);
      continue;
    }
    const where = placeSchema.safeParse(raw);
    if (!where.success) return { refused: describe(where.error.issues.slice(0, 1), `entries.${i}`) };
    // Zod's messages and the entry rules' name the field and the rule, never the value.
    setAside.push({ ...where.data, problem: describe(entry.error.issues, '').slice(0, PROBLEM_LIMIT) });
  }
  return { keep, setAside };
}
