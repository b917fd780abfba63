import { DomainError, InputErrorCode } from './domain-error.js';

/** Organisatie-identificatienummer: 20 digits identifying a Dutch government organisation. */
export type Oin = string & { readonly __brand: 'Oin' };

export function isValidOin(value: string): value is Oin {
  return /^\d{20}$/.test(value);
}

export function parseOin(value: string): Oin {
  if (!isValidOin(value)) {
    throw new DomainError(InputErrorCode.INVALID_OIN, `An OIN has exactly 20 digits; got "${value.slice(0, 30)}".`);
  }
  return value;
}

/** The NL GOV CloudEvents `source` and the plein's organisation URN share this form. */
export function oinUrn(oin: Oin): string {
  return `urn:nld:oin:${oin}`;
}
