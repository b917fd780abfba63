import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  /** Estimated cost (fields weighted by nesting, fragments expanded). */
  maxCost: number;
  /** Tokens in the document: refused while parsing, before any validation work. */
  maxTokens: number;
  maxDirectives: number;
}

/**
 * Limits for a subgraph: it is called by the gateway and the household app only, with queries
 * the gateway planned from ones it already limited; these are a backstop a little above the
 * gateway's, for whoever reaches a subgraph some other way.
 */
export const SUBGRAPH_QUERY_LIMITS: QueryLimits = { maxDepth: 15, maxAliases: 100, maxCost: 20_000, maxTokens: 5_000, maxDirectives: 50 };

/**
 * Hostile-query protection from GraphQL Armor (a maintained library): depth, aliases, cost,
 * tokens and directives are checked before anything executes, fragments included without
 * expanding them exponentially, and field suggestions are not given away. Refusals are
 * GRAPHQL_VALIDATION_FAILED with the limit in the message.
 */
export function queryArmor(limits: QueryLimits): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // GraphQL Armor is a CommonJS package, so its types name @apollo/server's CJS typings; the
  // plugins are plain objects that the ESM server runs the same.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules };
}
