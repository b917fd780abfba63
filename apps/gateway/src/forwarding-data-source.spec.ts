import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './stated-purpose.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenExchanger } from '@plein/auth';
import { ForwardingDataSource } from './forwarding-data-source.js';

/**
 * The gateway's call to a subgraph, against subgraphs on loopback that answer, stall or never stop
 * answering, as a hostile or broken agency's subgraph could.
 */
// A request outside any caller's operation. @apollo/gateway does not export its request kinds:
// 'health check' is GraphQLDataSourceRequestKind.HEALTH_CHECK.
const GREETING = {
  kind: 'health check',
  request: { query: '{ greeting }' },
  context: {},
} as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

describe("the gateway's call to a subgraph", () => {
  let server: Server;
  let base = '';
  let endlessClosed = false;
  const seen: Array<{ url: string; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body });
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 3_000).unref();
        if (req.url === '/refusing')
          return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"no"}]}');
        if (req.url === '/endless') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"data":{"x":"');
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          const more = () => {
            if (res.destroyed) return;
            if (res.write(chunk)) setImmediate(more);
            else res.once('drain', more);
          };
          res.on('close', () => (endlessClosed = true));
          return more();
        }
        res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8' }).end('{"data":{"greeting":"hallo"}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  // No caller's token in these requests, so the exchanger is never asked.
  const exchanger = new TokenExchanger({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'plein-api', clientSecret: undefined });
  const ask = (path: string) =>
    new ForwardingDataSource(`${base}${path}`, 'a-subgraph', exchanger, {
      subgraphTimeoutMs: 500,
      subgraphMaxAnswerBytes: 256 * 1024,
    }).process(GREETING);

  it('posts the query and hands its answer to the query plan', async () => {
    const answer = await ask('/graphql');
    expect(answer.data).toEqual({ greeting: 'hallo' });
    expect(seen.at(-1)).toEqual({ url: '/graphql', body: '{"query":"{ greeting }"}' });
  });

  it('turns a refusal into a GraphQL error that names its status', async () => {
    await expect(ask('/refusing')).rejects.toMatchObject({ message: '401: ', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('gives up on a subgraph that does not answer in time', async () => {
    await expect(ask('/slow')).rejects.toThrow('the subgraph did not answer within 500 ms');
  });

  it('stops reading an answer longer than any contract needs, and closes the connection', async () => {
    await expect(ask('/endless')).rejects.toThrow("the subgraph's answer was longer than 262144 bytes");
    await new Promise((r) => setTimeout(r, 100));
    expect(endlessClosed).toBe(true);
  });

  it('reports a subgraph nobody answers at as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const gone = new ForwardingDataSource(`http://127.0.0.1:${port}/graphql`, 'gone', exchanger, {
      subgraphTimeoutMs: 500,
      subgraphMaxAnswerBytes: 1024,
    });
    await expect(gone.process(GREETING)).rejects.toThrow('the subgraph could not be reached');
  });
});
