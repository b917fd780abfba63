import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { freePort } from '../../support/ports.js';

/**
 * An agency that is not part of the plein's code: a second municipality paying Bbz
 * (bijstand voor zelfstandigen), written the way any agency would, straight on Apollo, to
 * prove that implementing the published income contract is all it takes to join.
 */
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

export async function startTestIncomeProvider(payTo: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(TEST_PROVIDER_SDL),
      resolvers: {
        Query: {
          bbzRegeling: () => 'Besluit bijstandverlening zelfstandigen 2004',
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
  const { url } = await startStandaloneServer(server, { listen: { port: await freePort(), host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
