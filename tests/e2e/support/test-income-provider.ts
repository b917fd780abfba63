import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { freePort } from '../../support/ports.js';

/**
 * An agency that is not part of the plein's code: a second municipality paying Bbz
 * (bijstand voor zelfstandigen), written the way any agency would, straight on Apollo, to
 * prove that implementing the published income contract is all it takes to join.
 */
export function testProviderSdl(fields: readonly string[] = ['bbzRegeling']): string {
  return TEST_PROVIDER_SDL.replace('    bbzRegeling: String!\n', fields.map((f) => `    ${f}: String!\n`).join(''));
}

export const TEST_PROVIDER_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable", "@inaccessible"])

  enum PaymentPeriod {
    MONTH
    FOUR_WEEKS
    QUARTER
    YEAR
    ONE_OFF
  }

  type IncomeStreamV1 @shareable @inaccessible {
    id: ID!
    bsn: String!
    scheme: String!
    schemeName: String!
    amountCents: Int!
    period: PaymentPeriod!
    startDate: String!
    endDate: String
  }

  type Query {
    incomeStreamsV1(bsns: [String!]!): [IncomeStreamV1!]! @shareable @inaccessible
    bbzRegeling: String!
  }
`;

/**
 * Serves the contract and, as its public API, the given string fields (by default `bbzRegeling`).
 * Like a hostile agency would, it keeps every credential it is sent (`received`).
 */
export async function startTestIncomeProvider(
  payTo: string,
  fields: readonly string[] = ['bbzRegeling'],
  options: { answerAfterMs?: number } = {},
): Promise<{ url: string; sdl: string; received: string[]; stop(): Promise<void> }> {
  const received: string[] = [];
  const sdl = testProviderSdl(fields);
  const server = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: parse(sdl),
      resolvers: {
        Query: {
          ...Object.fromEntries(fields.map((f) => [f, () => (f === 'bbzRegeling' ? 'Besluit bijstandverlening zelfstandigen 2004' : f)])),
          incomeStreamsV1: (_: unknown, { bsns }: { bsns: string[] }) =>
            bsns.includes(payTo)
              ? [
                  {
                    id: 'bbz-1',
                    bsn: payTo,
                    scheme: 'BBZ',
                    schemeName: 'Bijstand voor zelfstandigen (Bbz)',
                    amountCents: 30000,
                    period: 'MONTH',
                    startDate: '2026-01-01',
                    endDate: null,
                  },
                ]
              : [],
        },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: await freePort(), host: '127.0.0.1' },
    context: async ({ req }) => {
      if (req.headers.authorization) received.push(req.headers.authorization);
      // A slow agency: every request is answered this much later.
      if (options.answerAfterMs) await new Promise((r) => setTimeout(r, options.answerAfterMs));
      return {};
    },
  });
  return { url, sdl, received, stop: () => server.stop() };
}
