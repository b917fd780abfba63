import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './stated-purpose.js';
import { TokenExchanger } from '@plein/auth';
import { deadPort, misbehavingPeer, type MisbehavingPeer } from '../../../tests/support/misbehaving-peer.js';
import { ForwardingDataSource } from './forwarding-data-source.js';

// A request outside any caller's operation. @apollo/gateway does not export its request kinds:
// 'health check' is GraphQLDataSourceRequestKind.HEALTH_CHECK.
const GREETING = {
  kind: 'health check',
  request: { query: '{ greeting }' },
  context: {},
} as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

/**
 * The budget for calls that should end another way than by running out of time: generous, since a
 * budget of 500 ms ran out for a subgraph on loopback answering at once, on a machine busy with the
 * suite's other lane and a CPU hog.
 */
const ANSWER_BUDGET_MS = 10_000;

/**
 * The gateway's call to a subgraph, against subgraphs on loopback that answer, stall or never stop
 * answering, as a hostile or broken agency's subgraph could.
 */
describe("the gateway's call to a subgraph", () => {
  let peer: MisbehavingPeer;
  beforeAll(async () => {
    peer = await misbehavingPeer({
      contentType: 'application/graphql-response+json; charset=utf-8',
      body: '{"data":{"greeting":"hallo"}}',
    });
  });
  afterAll(() => peer.close());

  // No caller's token in these requests, so the exchanger is never asked.
  const exchanger = new TokenExchanger({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'plein-api', clientSecret: undefined });
  const ask = (path: string, subgraphTimeoutMs = ANSWER_BUDGET_MS) =>
    new ForwardingDataSource(`${peer.base}${path}`, 'a-subgraph', exchanger, {
      subgraphTimeoutMs,
      subgraphMaxAnswerBytes: 256 * 1024,
    }).process(GREETING);

  it('posts the query and hands its answer to the query plan', async () => {
    const answer = await ask('/graphql');
    expect(answer.data).toEqual({ greeting: 'hallo' });
    expect(peer.seen.at(-1)).toMatchObject({ path: '/graphql', body: '{"query":"{ greeting }"}' });
  });

  it('turns a refusal into a GraphQL error that names its status', async () => {
    await expect(ask('/refusing')).rejects.toMatchObject({ message: '401: ', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('gives up on a subgraph that does not answer in time', async () => {
    // The stalling subgraph answers after 3 s.
    await expect(ask('/slow', 500)).rejects.toThrow('the subgraph did not answer within 500 ms');
  });

  it('stops reading an answer longer than any contract needs, and closes the connection', async () => {
    await expect(ask('/endless')).rejects.toThrow("the subgraph's answer was longer than 262144 bytes");
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.endlessClosed()).toBe(true);
  });

  it('reports a subgraph nobody answers at as unreachable', async () => {
    const port = await deadPort();
    const gone = new ForwardingDataSource(`http://127.0.0.1:${port}/graphql`, 'gone', exchanger, {
      subgraphTimeoutMs: ANSWER_BUDGET_MS,
      subgraphMaxAnswerBytes: 1024,
    });
    await expect(gone.process(GREETING)).rejects.toThrow('the subgraph could not be reached');
  });
});
