export { DomainError, InputErrorCode } from './domain-error.js';
export { type Bsn, isValidBsn, parseBsn, bsnCheckDigit, containsBsn } from './bsn.js';
export { isUuid } from './ids.js';
export { type Oin, isValidOin, parseOin, oinUrn } from './oin.js';
export { PaymentPeriod, PAYMENT_PERIODS, parsePaymentPeriod, monthlyCents, assertCents } from './money.js';
export { AGE_OF_MAJORITY, comesOfAgeAt, isMinorOn } from './age.js';
export { toCsv } from './csv.js';
