import { describe, expect, it } from '@jest/globals';
import { isValidBsn } from '@plein/domain';
import { recordEntrySchema } from './record-entry.js';

const entry = (over: Record<string, unknown> = {}) => ({
  seq: 1,
  hash: 'a'.repeat(64),
  traceId: 'b'.repeat(32),
  name: 'Query.household',
  statusCode: 1,
  startTime: '2026-12-03T10:00:00Z',
  processingActivityId: 'https://ontmoetingsplein.nl/verwerkingsactiviteiten/uwv/inkomen',
  dataSubjectId: `urn:plein:pseudonym:${'C'.repeat(43)}`,
  purpose: 'schuldhulpverlening',
  legalBasis: 'consent:x',
  receiverOrg: '00000001001589623000',
  receiverRole: 'caseworker',
  category: 'income',
  source: 'uwv',
  actor: 'klantmanager.utrecht',
  ...over,
});

describe('an entry handed to the accountable record', () => {
  it('may name no resident only when it is a refusal', () => {
    expect(recordEntrySchema.safeParse(entry({ dataSubjectId: null, statusCode: 2, legalBasis: 'refused: FORBIDDEN_ROLE' })).success).toBe(
      true,
    );
    const access = recordEntrySchema.safeParse(entry({ dataSubjectId: null }));
    expect(access.success).toBe(false);
    expect(access.error?.issues[0]?.message).toBe('an access names its resident; only a refusal may name none');
  });

  it('takes a Keycloak subject whose hex happens to hold a valid BSN, and refuses a BSN anywhere else', () => {
    // Nine digits in a row that pass the 11-proef: about one Keycloak user in two hundred has such a subject.
    const digits = '123456782';
    expect(isValidBsn(digits)).toBe(true);
    expect(recordEntrySchema.safeParse(entry({ actor: `0f1e2d3c-4b5a-4697-8877-a${digits}bc` })).success).toBe(true);
    expect(recordEntrySchema.safeParse(entry({ actor: `user-${digits}` })).success).toBe(false);
    expect(recordEntrySchema.safeParse(entry({ actor: `0f1e2d3c-4b5a-4697-8877-a${digits}bcd` })).success).toBe(false);
  });

  it('takes a consent whose id holds nine digits that pass the 11-proef, and refuses a BSN in a law’s name', () => {
    // One consent in ~360 has such an id. Read as a BSN, each of its accesses was refused here, and
    // with it everything its sources logged after it: a source hands its log over in chain order.
    const digits = '123456782';
    expect(recordEntrySchema.safeParse(entry({ legalBasis: `consent:0f1e2d3c-4b5a-4697-8877-a${digits}bc` })).success).toBe(true);
    const statutory = recordEntrySchema.safeParse(entry({ legalBasis: `statutory:Wet ${digits} art. 1` }));
    expect(statutory.error?.issues[0]).toMatchObject({ path: ['legalBasis'], message: 'must not contain a BSN' });
  });
});
