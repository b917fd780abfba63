import { DomainError, InputErrorCode } from './domain-error.js';

/** How often an amount is paid. Amounts are always integer euro cents. */
export const PaymentPeriod = {
  MONTH: 'MONTH',
  FOUR_WEEKS: 'FOUR_WEEKS',
  QUARTER: 'QUARTER',
  YEAR: 'YEAR',
  ONE_OFF: 'ONE_OFF',
} as const;
export type PaymentPeriod = (typeof PaymentPeriod)[keyof typeof PaymentPeriod];

export const PAYMENT_PERIODS: readonly PaymentPeriod[] = Object.values(PaymentPeriod);

/** Payments per year for each recurring period; four-weekly amounts come 13 times a year. */
const PER_YEAR: Record<Exclude<PaymentPeriod, 'ONE_OFF'>, number> = {
  MONTH: 12,
  FOUR_WEEKS: 13,
  QUARTER: 4,
  YEAR: 1,
};

export function parsePaymentPeriod(value: string): PaymentPeriod {
  if ((PAYMENT_PERIODS as readonly string[]).includes(value)) return value as PaymentPeriod;
  throw new DomainError(InputErrorCode.INVALID_PERIOD, `Unknown payment period "${value}"; expected one of ${PAYMENT_PERIODS.join(', ')}.`);
}

export function assertCents(value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(InputErrorCode.INVALID_AMOUNT, `Amounts are whole euro cents; got ${value}.`);
  }
  return value;
}

/**
 * The amount per month in whole cents, or null for a one-off payment, which has no monthly
 * equivalent and is shown apart. Rounds half away from zero once, on the exact rational
 * amount, so a quarterly 30113 becomes 10038 and not a sum of rounded parts.
 */
export function monthlyCents(amountCents: number, period: PaymentPeriod): number | null {
  assertCents(amountCents);
  if (period === PaymentPeriod.ONE_OFF) return null;
  const perYear = PER_YEAR[period];
  const numerator = amountCents * perYear;
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.round(Math.abs(numerator) / 12);
}
