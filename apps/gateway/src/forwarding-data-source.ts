import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { RequestContext } from '@plein/subgraph-kit';

/**
 * Passes the caller's credentials and trace context on to every subgraph: each subgraph
 * verifies the caller itself and trusts nothing the gateway could have added.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<RequestContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RequestContext>): void {
    const forward = (context as Partial<RequestContext>).forwardHeaders ?? {};
    for (const [name, value] of Object.entries(forward)) request.http?.headers.set(name, value);
  }
}
