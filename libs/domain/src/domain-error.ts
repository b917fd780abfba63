/**
 * Errors raised by domain code carry a stable code; transports (GraphQL, HTTP, events)
 * translate the code at their edge. Domain code never throws transport errors.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const InputErrorCode = {
  INVALID_BSN: 'INVALID_BSN',
  INVALID_OIN: 'INVALID_OIN',
  INVALID_ID: 'INVALID_ID',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_PERIOD: 'INVALID_PERIOD',
} as const;
export type InputErrorCode = (typeof InputErrorCode)[keyof typeof InputErrorCode];
