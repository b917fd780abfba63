import { describe, expect, it } from '@jest/globals';
import { checkIncomeContract } from './contract.js';

const conforming = `
  enum PaymentPeriod { MONTH FOUR_WEEKS QUARTER YEAR ONE_OFF }
  type IncomeStreamV1 { id: ID! bsn: String! scheme: String! schemeName: String! amountCents: Int! period: PaymentPeriod! startDate: String! endDate: String }
  type Query { incomeStreamsV1(bsns: [String!]!): [IncomeStreamV1!]! }
`;

describe('income contract conformance', () => {
  it('recognises a subgraph that implements the contract', () => {
    expect(checkIncomeContract(conforming)).toEqual({ implemented: true, problems: [] });
  });

  it('does not count a subgraph without the contract field, and reports nothing wrong', () => {
    expect(checkIncomeContract('type Query { hello: String }')).toEqual({ implemented: false, problems: [] });
  });

  it('names each deviation from the contract', () => {
    const deviating = conforming.replace('amountCents: Int!', 'amountCents: Float!').replace('bsn: String! scheme', 'scheme');
    const result = checkIncomeContract(deviating);
    expect(result.implemented).toBe(false);
    expect(result.problems).toEqual(['IncomeStreamV1.bsn is missing', 'IncomeStreamV1.amountCents is Float!, expected Int!']);
  });

  it('reports SDL that does not parse', () => {
    expect(checkIncomeContract('type Query {').problems[0]).toMatch(/does not parse/);
  });
});
