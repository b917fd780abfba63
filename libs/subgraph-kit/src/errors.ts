import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from '@plein/domain';

/** How each refusal reads to a client; anything else is a problem with what was sent. */
const KINDS: Record<string, string> = { NOT_FOUND: 'NOT_FOUND', FORBIDDEN: 'FORBIDDEN', UNAUTHENTICATED: 'UNAUTHENTICATED' };

/**
 * The edge where domain errors become GraphQL errors: the domain code goes into
 * `extensions.code` with its details; anything unexpected is reported without internals.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return {
      message: original.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: original.code,
        kind: KINDS[original.code] ?? 'BAD_USER_INPUT',
        ...original.details,
      },
    };
  }
  const code = formatted.extensions?.['code'];
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    return { ...formatted, message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}

/**
 * Nothing with this id. `id` is echoed only when it identifies no person (a UUID): an error
 * never carries a BSN.
 */
export class NotFoundError extends DomainError<'NOT_FOUND'> {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id === undefined ? `No such ${what}.` : `No ${what} with id "${id}".`, id === undefined ? { what } : { what, id });
  }
}
