import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { DomainError } from '@plein/domain';

export interface SubgraphSource {
  name: string;
  routingUrl: string;
  sdl: string;
}

export interface CompositionProblem {
  code: string;
  message: string;
}

export type CompositionResult =
  | {
      ok: true;
      supergraphSdl: string;
      hints: string[];
      /** What clients can query: the supergraph without @inaccessible parts. */ apiSchema(): GraphQLSchema;
    }
  | { ok: false; errors: CompositionProblem[] };

/** Composes subgraphs into a Federation 2 supergraph, reporting every composition error. */
export function compose(subgraphs: readonly SubgraphSource[]): CompositionResult {
  const parsed: Array<{ name: string; url: string; typeDefs: DocumentNode }> = [];
  const errors: CompositionProblem[] = [];
  for (const s of subgraphs) {
    try {
      parsed.push({ name: s.name, url: s.routingUrl, typeDefs: parse(s.sdl) });
    } catch (e) {
      errors.push({ code: 'INVALID_GRAPHQL', message: `[${s.name}] ${(e as Error).message}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const result = composeServices(parsed);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((e) => ({ code: String(e.extensions['code'] ?? 'COMPOSITION_ERROR'), message: e.message })),
    };
  }
  const schema = result.schema;
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((h) => h.toString()),
    apiSchema: () => schema.toAPISchema().toGraphQLJSSchema(),
  };
}

/**
 * What clients can query of a supergraph already composed (the live one, as stored): read from
 * its SDL rather than composed again from its subgraphs, which cost a second composition — the
 * registry's largest cost — at every publication (ADR 0018).
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export const PublicationErrorCode = {
  COMPOSITION_FAILED: 'COMPOSITION_FAILED',
  INVALID_SUBGRAPH: 'INVALID_SUBGRAPH',
  UNKNOWN_AGENCY: 'UNKNOWN_AGENCY',
  BREAKING_CHANGE: 'BREAKING_CHANGE',
  SDL_MISMATCH: 'SDL_MISMATCH',
} as const;

export class CompositionFailedError extends DomainError<'COMPOSITION_FAILED'> {
  constructor(
    subgraph: string,
    readonly errors: CompositionProblem[],
  ) {
    super(
      PublicationErrorCode.COMPOSITION_FAILED,
      `Subgraph "${subgraph}" was refused: it does not compose with the live supergraph (${errors.length} error${errors.length === 1 ? '' : 's'}). The live supergraph is unchanged.`,
      { compositionErrors: errors },
    );
  }
}
