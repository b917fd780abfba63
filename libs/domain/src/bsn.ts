import { DomainError, InputErrorCode } from './domain-error.js';

/** A burgerservicenummer that passed the 11-proef. Branded so unchecked strings cannot pass. */
export type Bsn = string & { readonly __brand: 'Bsn' };

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1] as const;

/** The 11-proef for BSN: the weighted sum (last digit weighted -1) is divisible by 11 and not 0. */
export function isValidBsn(value: string): value is Bsn {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * WEIGHTS[i]!;
  return sum !== 0 && sum % 11 === 0;
}

/** Whether a text holds nine digits in a row that pass the 11-proef: somewhere a BSN may be, anywhere in it. */
export function containsBsn(text: string): boolean {
  return (text.match(/\d{9}/g) ?? []).some((digits) => isValidBsn(digits));
}

/**
 * The value as a BSN, or an error saying why not. The error never repeats the value: a BSN
 * mistyped by one digit is still someone's, and errors end up in logs and screenshots.
 */
export function parseBsn(value: string): Bsn {
  if (!/^\d{9}$/.test(value)) {
    throw new DomainError(InputErrorCode.INVALID_BSN, `A BSN has exactly 9 digits; this value has ${describe(value)}.`);
  }
  if (!isValidBsn(value)) {
    throw new DomainError(InputErrorCode.INVALID_BSN, 'This is not a valid BSN: it fails the 11-proef.');
  }
  return value;
}

function describe(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  return `${value.length} character(s)${digits !== value.length ? `, ${value.length - digits} of them not digits` : ''}`;
}

/**
 * The check digit that completes an 8-digit prefix into a valid BSN, or undefined when no
 * digit can (the weighted remainder is 10). Used by the synthetic population generator.
 */
export function bsnCheckDigit(prefix8: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(prefix8[i]) * WEIGHTS[i]!;
  const digit = sum % 11;
  return digit === 10 || (digit === 0 && sum === 0) ? undefined : digit;
}
