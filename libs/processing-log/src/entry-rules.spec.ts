import { describe, expect, it } from '@jest/globals';
import { isValidBsn } from '@plein/domain';
import { entryProblem } from './entry-rules.js';
import type { NewLogEntry } from './processing-log.js';

/** Nine digits in a row that pass the 11-proef. */
const DIGITS = '123456782';

const entry = (over: Partial<NewLogEntry> = {}): NewLogEntry => ({
  traceId: 'b'.repeat(32),
  operationId: 'c'.repeat(16),
  parentOperationId: null,
  name: 'incomeStreamsV1',
  statusCode: 1,
  startTime: new Date(),
  endTime: new Date(),
  processingActivityId: 'https://ontmoetingsplein.nl/verwerkingsactiviteiten/uwv/inkomen',
  dataSubjectId: `urn:plein:pseudonym:${'C'.repeat(43)}`,
  purpose: 'schuldhulpverlening',
  legalBasis: 'consent:0f1e2d3c-4b5a-4697-8877-0123456789ab',
  receiverOrg: '00000001001589623000',
  receiverRole: 'caseworker',
  category: 'income',
  source: 'uwv',
  actor: 'klantmanager.utrecht',
  ...over,
});

describe('what a source may write in its processing log', () => {
  it('takes a consent or a Keycloak subject whose random id holds nine digits that pass the 11-proef', () => {
    expect(isValidBsn(DIGITS)).toBe(true);
    expect(entryProblem(entry())).toBeNull();
    expect(entryProblem(entry({ legalBasis: `consent:0f1e2d3c-4b5a-4697-8877-a${DIGITS}bc` }))).toBeNull();
    expect(entryProblem(entry({ actor: `0f1e2d3c-4b5a-4697-8877-a${DIGITS}bc` }))).toBeNull();
  });

  it('refuses a BSN anywhere else, also beside a consent id that is not one', () => {
    expect(entryProblem(entry({ legalBasis: `statutory:Wet ${DIGITS} art. 1` }))).toBe('legalBasis must not contain a BSN');
    expect(entryProblem(entry({ legalBasis: `consent:${DIGITS}` }))).toBe('legalBasis must not contain a BSN');
    expect(entryProblem(entry({ legalBasis: `consent:0f1e2d3c-4b5a-4697-8877-a${DIGITS}bc ${DIGITS}` }))).toBe(
      'legalBasis must not contain a BSN',
    );
    expect(entryProblem(entry({ actor: `user-${DIGITS}` }))).toBe('actor must not contain a BSN');
  });

  it('refuses text longer than the record keeps, an empty purpose, and a source or organisation of the wrong form', () => {
    expect(entryProblem(entry({ legalBasis: `statutory:${'W'.repeat(200)} ${'a'.repeat(100)}` }))).toBe(
      'legalBasis is longer than 300 characters',
    );
    expect(entryProblem(entry({ purpose: '' }))).toBe('purpose is empty');
    expect(entryProblem(entry({ source: 'logboek_test' }))).toBe('source is not a source key');
    expect(entryProblem(entry({ receiverOrg: '123' }))).toBe('receiverOrg is not an OIN');
    expect(entryProblem(entry({ receiverOrg: null, actor: null }))).toBeNull();
  });
});
