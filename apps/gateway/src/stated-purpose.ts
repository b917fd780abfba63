import { GraphQLError } from 'graphql';
import type { Caller } from '@plein/auth';
import { PURPOSES, isPurpose } from '@plein/consent';
import { PURPOSE_HEADER } from '@plein/consent-client';
import type { RequestContext } from '@plein/subgraph-kit';
import type { GatewayRefusals } from './refusals.js';

export interface GatewayContext extends RequestContext {
  /** The purpose the caller stated and the realm grants them; it is bound into every exchanged token. */
  purpose: string | null;
}

/**
 * A caller may state only a purpose the realm grants them (a `purpose:<name>` role); anything
 * else is refused before any subgraph is asked. No purpose stated is not refused here: a source
 * that needs one says so.
 */
export async function statedPurpose(
  headers: Record<string, string>,
  caller: Caller | null,
  refusals: Pick<GatewayRefusals, 'refused'>,
): Promise<string | null> {
  const stated = headers[PURPOSE_HEADER]?.trim();
  if (!stated) return null;
  if (!isPurpose(stated))
    throw refusal(`Unknown purpose "${stated.slice(0, 60)}"; purposes: ${Object.keys(PURPOSES).join(', ')}.`, 'PURPOSE_REQUIRED', 400);
  if (!caller?.purposes.includes(stated)) {
    await refusals.refused('PURPOSE_NOT_ALLOWED', caller, { purpose: stated, traceparent: headers['traceparent'] });
    throw refusal(
      `The purpose ${stated} is not one your role lets you state${caller?.purposes.length ? ` (yours: ${caller.purposes.join(', ')})` : ''}.`,
      'PURPOSE_NOT_ALLOWED',
      403,
    );
  }
  return stated;
}

function refusal(message: string, code: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}
