import { describe, expect, it } from '@jest/globals';
import { expandSynonyms, loggablePhrase } from './search.js';

describe('catalogue search input', () => {
  it('adds the catalogue words for a phrase a resident uses, as whole words', () => {
    const synonyms = [{ phrase: 'huur niet betalen', expandsTo: 'huurachterstand financiële zorgen' }];
    expect(expandSynonyms('Ik kan de huur niet betalen!', synonyms)).toBe('Ik kan de huur niet betalen! huurachterstand financiële zorgen');
    expect(expandSynonyms('ik kan de huurniet betalen', synonyms)).toBe('ik kan de huurniet betalen');
  });

  it('keeps no personal data in the log: digits and e-mail addresses masked', () => {
    expect(loggablePhrase('  Mijn BSN is 111222333,  mail   jan@example.nl ')).toBe('mijn bsn is #########, mail <e-mail>');
  });
});
