import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { Request } from 'express';
import { formatGraphQLError } from './errors.js';
import { queryArmor, SUBGRAPH_QUERY_LIMITS } from './query-armor.js';
import { requestContextFrom, type RequestContext } from './request-context.js';

export interface SubgraphGraphQLOptions {
  /** Entities that no query returns but other subgraphs reference (STACK trap 5). */
  orphanedTypes?: Function[];
}

/** The Federation 2 subgraph settings every subgraph on the plein shares. */
export function subgraphGraphQLOptions(options: SubgraphGraphQLOptions = {}): ApolloFederationDriverConfig {
  const armor = queryArmor(SUBGRAPH_QUERY_LIMITS);
  return {
    driver: ApolloFederationDriver,
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    buildSchemaOptions: { orphanedTypes: options.orphanedTypes ?? [] },
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatGraphQLError,
    // Inline traces would go to whoever asks for them; the plein keeps its own traces.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...armor.plugins],
    validationRules: armor.validationRules,
    context: ({ req }: { req: Request }): RequestContext => requestContextFrom(req),
    // The access guard runs on field and reference resolvers too, not only on root fields: an
    // `_entities` call reaches a type's fields without passing any Query resolver.
    fieldResolverEnhancers: ['guards'],
  };
}
