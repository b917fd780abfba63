import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { queryLimitRules } from './query-limits.js';

const schema = buildSchema(`
  type Query { person(bsn: String!): Person }
  type Person { name: String household: Household }
  type Household { id: ID members: [Person] }
`);
const check = (query: string) => validate(schema, parse(query), queryLimitRules({ maxDepth: 4, maxAliases: 2 })).map((e) => e.message);

describe('gateway query limits', () => {
  it('lets a query within the limits through', () => {
    expect(check('{ person(bsn: "1") { household { members { name } } } }')).toEqual([]);
  });

  it('refuses a query nested too deep, counting fragments', () => {
    expect(check('{ person(bsn: "1") { household { members { household { id } } } } }')).toEqual([
      'The query is 5 levels deep; the plein answers at most 4.',
    ]);
    expect(check('{ person(bsn: "1") { ...P } } fragment P on Person { household { members { household { id } } } }')).toEqual([
      'The query is 5 levels deep; the plein answers at most 4.',
    ]);
  });

  it('refuses too many aliases', () => {
    expect(check('{ a: person(bsn: "1") { name } b: person(bsn: "2") { name } c: person(bsn: "3") { name } }')).toEqual([
      'The query uses 3 aliases; the plein answers at most 2.',
    ]);
  });

  it('does not loop on fragments that spread each other', () => {
    expect(() => check('{ person(bsn: "1") { ...A } } fragment A on Person { household { members { ...A } } }')).not.toThrow();
  });
});
