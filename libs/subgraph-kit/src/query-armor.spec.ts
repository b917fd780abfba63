import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryArmor } from './query-armor.js';

const schema = buildSchema('type Query { name: String, next: Query }');
const limits = { maxDepth: 4, maxAliases: 3, maxCost: 500, maxTokens: 400, maxDirectives: 5 };
const errorsOf = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, ...queryArmor(limits).validationRules]).map((e) => e.message);

describe('hostile queries (GraphQL Armor)', () => {
  it('lets an ordinary query through', () => {
    expect(errorsOf('{ name next { name next { name } } }')).toEqual([]);
  });

  it('refuses queries too deep, too aliased or too costly, naming the limit', () => {
    expect(errorsOf('{ next { next { next { next { next { name } } } } } }')).toEqual([expect.stringMatching(/depth limit of 4 exceeded/)]);
    expect(errorsOf('{ a: name b: name c: name d: name }')).toEqual([expect.stringMatching(/Aliases limit of 3 exceeded, found 4/)]);
  });

  it('refuses a fragment bomb without expanding it', () => {
    let bomb = 'fragment G0 on Query { name }\n';
    for (let i = 1; i <= 30; i++) bomb += `fragment G${i} on Query { ...G${i - 1} ...G${i - 1} }\n`;
    expect(errorsOf(`${bomb} { ...G30 }`)).toEqual([expect.stringMatching(/Cost limit of 500 exceeded/)]);
  });
});
