import { describe, expect, it } from '@jest/globals';
import { monthlyCents, parsePaymentPeriod } from './money.js';

describe('monthly normalisation', () => {
  it('keeps monthly amounts', () => expect(monthlyCents(61250, 'MONTH')).toBe(61250));
  it('counts a third of a quarterly amount per month', () => expect(monthlyCents(60226, 'QUARTER')).toBe(20075));
  it('counts a twelfth of a yearly amount per month', () => expect(monthlyCents(45600, 'YEAR')).toBe(3800));
  it('counts thirteen four-weekly payments a year', () => expect(monthlyCents(120000, 'FOUR_WEEKS')).toBe(130000));
  it('rounds half away from zero once, on the exact amount', () => {
    expect(monthlyCents(100, 'QUARTER')).toBe(33);
    expect(monthlyCents(101, 'QUARTER')).toBe(34);
    expect(monthlyCents(6, 'YEAR')).toBe(1);
    expect(monthlyCents(-6, 'YEAR')).toBe(-1);
  });
  it('gives one-off payments no monthly amount', () => expect(monthlyCents(35000, 'ONE_OFF')).toBeNull());
  it('refuses fractional cents', () => expect(() => monthlyCents(10.5, 'MONTH')).toThrow(/whole euro cents/));
  it('refuses an unknown period', () => expect(() => parsePaymentPeriod('WEEK')).toThrow(/Unknown payment period/));
});
