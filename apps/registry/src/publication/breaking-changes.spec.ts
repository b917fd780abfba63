import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { apiChanges } from './breaking-changes.js';

const live = buildSchema(`
  type Query { household(id: ID!): Household, agencies: [String!]! }
  type Household { id: ID!, members: [String!]!, city: String }
  enum Period { MONTH QUARTER }
  input Filter { city: String }
  type Mutation { find(filter: Filter): [Household!]!, period: Period }
`);

describe('breaking changes against the live public API', () => {
  it('blocks only what clients used in the window; the rest is reported', async () => {
    const next = buildSchema(`
      type Query { household(id: ID!, at: String!): Household, agencies: [String!]! }
      type Household { id: ID!, members: [String!] }
      enum Period { MONTH }
      input Filter { city: String! }
      type Mutation { find(filter: Filter): [Household!]!, period: Period }
    `);
    const used = new Set(['Household.members', 'Query.household']);
    const changes = await apiChanges(live, next, async (coordinates) => new Set(coordinates.filter((c) => used.has(c))));
    const breaking = changes.filter((c) => c.criticality === 'BREAKING').map((c) => [c.type, c.path, c.usedRecently]);
    expect(breaking).toEqual(
      expect.arrayContaining([
        ['FIELD_ARGUMENT_ADDED', 'Query.household.at', true], // a new required argument
        ['FIELD_REMOVED', 'Household.city', false], // removed, nobody used it
        ['FIELD_TYPE_CHANGED', 'Household.members', true], // output nullability loosened
        ['ENUM_VALUE_REMOVED', 'Period.QUARTER', false],
        ['INPUT_FIELD_TYPE_CHANGED', 'Filter.city', false], // input nullability tightened
      ]),
    );
  });

  it('reports additions as not breaking', async () => {
    const next = buildSchema(`
      type Query { household(id: ID!): Household, agencies: [String!]!, services: [String!]! }
      type Household { id: ID!, members: [String!]!, city: String }
      enum Period { MONTH QUARTER }
      input Filter { city: String }
      type Mutation { find(filter: Filter): [Household!]!, period: Period }
    `);
    expect(await apiChanges(live, next, async () => new Set())).toEqual([
      { type: 'FIELD_ADDED', message: expect.any(String), path: 'Query.services', criticality: 'NON_BREAKING', usedRecently: null },
    ]);
  });
});
