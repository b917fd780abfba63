import { describe, expect, it } from '@jest/globals';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: '=HYPERLINK("http://evil")' },
          { a: 'say "hi"', b: 3 },
        ],
      ),
    ).toBe('a,b\r\n"x,y","\'=HYPERLINK(""http://evil"")"\r\n"say ""hi""",3\r\n');
  });
});
