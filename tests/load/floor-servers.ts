/**
 * The two servers the floor section measures an agency against (floor.bench.ts), each answering the
 * income contract's query from the plein's PostgreSQL with one read and one write a request, as an
 * agency does — and nothing of the plein's own: no token, no consent, no log chain.
 *   node floor-servers.js apollo|plain   (DATABASE_URL, PORT)
 */
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import pg from 'pg';

const kind = process.argv[2];
const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
const READ = { name: 'floor-read', text: 'SELECT bsn, scheme, cents FROM floor_bench.ledger WHERE bsn = ANY($1)' };
const WRITE = { name: 'floor-write', text: 'INSERT INTO floor_bench.log (subject) SELECT unnest($1::text[])' };

interface Row {
  bsn: string;
  scheme: string;
  cents: number;
}

async function streams(bsns: string[]) {
  const { rows } = await pool.query<Row>({ ...READ, values: [bsns] });
  await pool.query({ ...WRITE, values: [bsns] });
  return rows.map((r, i) => ({
    id: String(i),
    bsn: r.bsn,
    scheme: r.scheme,
    schemeName: 'WW-uitkering',
    amountCents: r.cents,
    period: 'MONTHLY',
    startDate: '2026-01-01',
    endDate: null,
  }));
}

const port = Number(process.env['PORT']);
if (kind === 'apollo') {
  const server = new ApolloServer({
    typeDefs: `type IncomeStreamV1 { id: ID! bsn: String! scheme: String! schemeName: String! amountCents: Int! period: String! startDate: String! endDate: String }
      type Query { incomeStreamsV1(bsns: [String!]!): [IncomeStreamV1!]! }`,
    resolvers: { Query: { incomeStreamsV1: (_: unknown, args: { bsns: string[] }) => streams(args.bsns) } },
  });
  await server.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(server));
  app.listen(port, '127.0.0.1', () => process.send?.('listening'));
} else {
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString()) as { variables: { bsns: string[] } };
      void streams(variables.bsns).then((data) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { incomeStreamsV1: data } })),
      );
    });
  }).listen(port, '127.0.0.1', () => process.send?.('listening'));
}
