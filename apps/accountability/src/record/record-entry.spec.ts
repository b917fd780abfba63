import { describe, expect, it } from '@jest/globals';
import { isValidBsn } from '@plein/domain';
import { MAX_ENTRIES, recordEntrySchema, sortHandOver } from './record-entry.js';

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

  it('sets aside an entry that breaks a rule, by its place and the rules it broke, and keeps the entries beside it', () => {
    const bsn = '123456782';
    const sorted = sortHandOver({
      entries: [
        entry({ seq: 1 }),
        entry({ seq: 2, purpose: `hulp voor ${bsn}`, receiverRole: 'r'.repeat(201) }),
        entry({ seq: 3, dataSubjectId: null }),
        entry({ seq: 4 }),
      ],
    });
    if ('refused' in sorted) throw new Error(sorted.refused);
    expect(sorted.keep.map((e) => e.seq)).toEqual([1, 4]);
    expect(sorted.setAside).toEqual([
      {
        source: 'uwv',
        seq: 2,
        hash: 'a'.repeat(64),
        problem: 'purpose: must not contain a BSN; receiverRole: is longer than 200 characters',
      },
      { source: 'uwv', seq: 3, hash: 'a'.repeat(64), problem: 'dataSubjectId: an access names its resident; only a refusal may name none' },
    ]);
    // Nothing of what the entry said is kept: not the BSN, not the text around it.
    expect(JSON.stringify(sorted.setAside)).not.toMatch(/123456782|hulp voor|rrrr/);
  });

  it('refuses a hand-over whole when an entry has no place in a chain, or when it is not a hand-over', () => {
    expect(sortHandOver({ entries: [entry(), entry({ seq: 0 })] })).toEqual({
      refused: 'entries.1.seq: Too small: expected number to be >0',
    });
    expect(sortHandOver({ entries: [entry(), { ...entry(), hash: undefined }] })).toMatchObject({
      refused: expect.stringMatching(/^entries\.1\.hash: /),
    });
    expect(sortHandOver({ entries: [entry({ source: '../uwv' })] })).toEqual({ refused: 'entries.0.source: an agency key' });
    expect(sortHandOver({ entries: [] })).toMatchObject({ refused: expect.stringMatching(/^entries: /) });
    expect(sortHandOver({ entries: Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => entry({ seq: i + 1 })) })).toMatchObject({
      refused: expect.stringMatching(/^entries: Too big/),
    });
    expect(sortHandOver('entries')).toMatchObject({ refused: expect.stringMatching(/^body: /) });
  });
});
