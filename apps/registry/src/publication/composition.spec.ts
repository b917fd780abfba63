import { describe, expect, it } from '@jest/globals';
import { compose } from './composition.js';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const people = {
  name: 'people',
  routingUrl: 'http://people/graphql',
  sdl: `${link} type Person @key(fields: "id") { id: ID! name: String! } type Query { person(id: ID!): Person }`,
};

describe('composition', () => {
  it('composes compatible subgraphs into a supergraph', () => {
    const extra = {
      name: 'pets',
      routingUrl: 'http://pets/graphql',
      sdl: `${link} type Pet { name: String! } type Query { pets: [Pet!]! }`,
    };
    const result = compose([people, extra]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.supergraphSdl).toContain('join__graph(name: "pets"');
  });

  it('reports why subgraphs do not compose', () => {
    const clash = {
      name: 'clash',
      routingUrl: 'http://clash/graphql',
      sdl: `${link} type Person @key(fields: "id") { id: ID! name: Int! }`,
    };
    const result = compose([people, clash]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.message).join('\n')).toMatch(/Person\.name/);
  });

  it('reports SDL that is not GraphQL', () => {
    const result = compose([people, { name: 'broken', routingUrl: 'http://b/graphql', sdl: 'type {' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ code: 'INVALID_GRAPHQL' });
  });
});
