import { containsBsn, isUuid } from '@plein/domain';
import type { NewLogEntry } from './processing-log.js';

/**
 * The longest text each field of a Logboek entry may hold. One list for both ends: a source
 * writes nothing the plein's accountable record would refuse, and the record refuses what a
 * source should not have written. A source whose log held an entry the record refuses could never
 * hand over again (its log goes over in chain order): every access after it would stay out of
 * the record and its misuse rules. The source's log has columns of these lengths too
 * (processing-log.entity.ts).
 */
export const ENTRY_TEXT_LIMITS = {
  name: 200,
  processingActivityId: 500,
  purpose: 60,
  legalBasis: 300,
  receiverRole: 200,
  category: 40,
  actor: 200,
} as const;

type TextField = keyof typeof ENTRY_TEXT_LIMITS;

/** Fields an entry may not leave empty. */
const REQUIRED: ReadonlySet<TextField> = new Set(['name', 'purpose', 'legalBasis', 'category']);

/** A source's key (an agency key, or a plein app's name) and an organisation's OIN, as the record takes them. */
export const SOURCE_KEY = /^[a-z][a-z0-9-]{1,62}$/;
export const OIN = /^\d{20}$/;

/**
 * Values made of a random id, taken as they are: a token subject as Keycloak makes them, and the
 * basis of a consent (`consent:<id>`). About one UUID in 360 holds nine digits in a row that
 * pass the 11-proef by chance; read as a BSN, such a consent's every access was refused by the
 * record, and with it everything its sources logged after it.
 */
function isRandomId(field: TextField, value: string): boolean {
  if (field === 'actor') return isUuid(value);
  if (field === 'legalBasis') return value.startsWith('consent:') && isUuid(value.slice('consent:'.length));
  return false;
}

/** What is wrong with one text field of an entry, or null: too long, empty where it may not be, or holding a BSN. */
export function textProblem(field: TextField, value: string): string | null {
  if (isRandomId(field, value)) return null;
  if (value.length === 0 && REQUIRED.has(field)) return 'is empty';
  if (value.length > ENTRY_TEXT_LIMITS[field]) return `is longer than ${ENTRY_TEXT_LIMITS[field]} characters`;
  // The log and the record hold no BSN: something that passes the 11-proef where a code belongs is refused.
  if (containsBsn(value)) return 'must not contain a BSN';
  return null;
}

/**
 * What is wrong with an entry by the rules above, or null. Checked before an entry is written:
 * an entry that breaks them is not written and the access it records does not happen.
 */
export function entryProblem(entry: NewLogEntry): string | null {
  for (const field of ['name', 'processingActivityId', 'purpose', 'legalBasis', 'receiverRole', 'category'] as const) {
    const problem = textProblem(field, entry[field]);
    if (problem) return `${field} ${problem}`;
  }
  if (entry.actor !== null) {
    const problem = textProblem('actor', entry.actor);
    if (problem) return `actor ${problem}`;
  }
  if (!SOURCE_KEY.test(entry.source)) return 'source is not a source key';
  if (entry.receiverOrg !== null && !OIN.test(entry.receiverOrg)) return 'receiverOrg is not an OIN';
  return null;
}
