import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { TokenExchanger } from '@plein/auth';
import type { GatewayContext } from './stated-purpose.js';
import { subgraphFetcher, type SubgraphCallLimits } from './subgraph-fetcher.js';

/** What travels from the gateway to a subgraph besides the exchanged token: the W3C trace context. */
const FORWARDED = ['traceparent', 'tracestate'] as const;

/**
 * Calls one subgraph with a token addressed to that subgraph alone (token exchange), carrying
 * the caller and the purpose they stated. The caller's own token never leaves the gateway: a
 * subgraph that keeps what it receives holds a token nobody else accepts.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    /** The subgraph's name: its client id in the realm, the audience of its tokens. */
    private readonly audience: string,
    private readonly exchanger: TokenExchanger,
    limits: SubgraphCallLimits,
  ) {
    super({ url, fetcher: subgraphFetcher(limits) });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = context as Partial<GatewayContext>;
    const forward = ctx.forwardHeaders ?? {};
    for (const name of FORWARDED) if (forward[name]) request.http?.headers.set(name, forward[name]);
    if (!forward['authorization']) return;
    request.http?.headers.set('authorization', await this.exchanger.authorizationFor(forward['authorization'], this.audience, ctx.purpose));
  }
}
