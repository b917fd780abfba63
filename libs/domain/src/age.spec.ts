import { describe, expect, it } from '@jest/globals';
import { comesOfAgeAt, isMinorOn } from './age.js';

describe('coming of age', () => {
  it('is the start of the 18th birthday', () => {
    expect(comesOfAgeAt('2016-09-03').toISOString()).toBe('2034-09-03T00:00:00.000Z');
    expect(isMinorOn('2016-09-03', new Date('2034-09-02T23:59:59Z'))).toBe(true);
    expect(isMinorOn('2016-09-03', new Date('2034-09-03T00:00:00Z'))).toBe(false);
  });

  it('falls on 1 March for someone born on 29 February when the year has none', () => {
    expect(comesOfAgeAt('2008-02-29').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('says a 19-year-old is no minor', () => {
    expect(isMinorOn('2007-01-22', new Date('2026-12-02T00:00:00Z'))).toBe(false);
  });
});
