import { describe, expect, it } from '@jest/globals';
import { bsnCheckDigit, isValidBsn, parseBsn } from './bsn.js';
import { DomainError } from './domain-error.js';

describe('BSN', () => {
  it('accepts numbers that pass the 11-proef', () => {
    // 111222333: 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3-1·3 = 66, divisible by 11.
    expect(isValidBsn('111222333')).toBe(true);
    expect(parseBsn('111222333')).toBe('111222333');
  });

  it('refuses a number that fails the 11-proef, saying so without repeating it', () => {
    expect(isValidBsn('123456789')).toBe(false);
    expect(() => parseBsn('123456789')).toThrow(/fails the 11-proef/);
    // One digit off a real BSN is still someone's: the errors name no digits.
    for (const value of ['111222334', '11122233', '11122233x'])
      expect(() => parseBsn(value)).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/1112223/) }));
  });

  it.each(['12345678', '1234567890', '12345678a', ' 11122233', '', '000000000'])('refuses "%s"', (value) => {
    expect(isValidBsn(value)).toBe(false);
    expect(() => parseBsn(value)).toThrow(DomainError);
  });

  it('carries the INVALID_BSN code for the edge to map', () => {
    try {
      parseBsn('12');
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as DomainError).code).toBe('INVALID_BSN');
    }
  });

  it('completes a prefix with the check digit that closes the 11-proef', () => {
    const digit = bsnCheckDigit('11122233');
    expect(digit).toBe(3);
    expect(isValidBsn(`11122233${digit}`)).toBe(true);
  });
});
