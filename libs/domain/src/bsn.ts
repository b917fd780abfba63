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

export function parseBsn(value: string): Bsn {
  if (!/^\d{9}$/.test(value)) {
    throw new DomainError(InputErrorCode.INVALID_BSN, `A BSN has exactly 9 digits; got "${truncate(value)}".`);
  }
  if (!isValidBsn(value)) {
    throw new DomainError(InputErrorCode.INVALID_BSN, `"${value}" is not a valid BSN: it fails the 11-proef.`);
  }
  return value;
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

function truncate(value: string): string {
  return value.length > 20 ? `${value.slice(0, 20)}…` : value;
}
