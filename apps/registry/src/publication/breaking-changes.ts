import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { DomainError } from '@plein/domain';
import { PublicationErrorCode } from './composition.js';

export interface SchemaChange {
  type: string;
  message: string;
  /** Type.field, or Type.field.argument, or Type, where the change is. */
  path: string | null;
  criticality: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  /** For breaking changes: whether clients used what changed within the usage window. */
  usedRecently: boolean | null;
}

/** The schema coordinate whose usage decides whether a change hurts anyone: Type.field. */
export function coordinateOf(path: string | null): string | null {
  if (!path) return null;
  const [type, field] = path.split('.');
  return field ? `${type}.${field}` : (type ?? null);
}

/**
 * What a new public API changes for clients, by graphql-inspector's rules (removed or retyped
 * fields and arguments, nullability tightened on inputs or loosened on outputs, removed enum
 * values, …). A breaking change blocks only if clients used what it touches recently: a field
 * nobody queried in the window is reported, not blocking.
 */
export async function apiChanges(
  live: GraphQLSchema,
  next: GraphQLSchema,
  usedRecently: (coordinates: string[]) => Promise<Set<string>>,
): Promise<SchemaChange[]> {
  const changes = await diff(live, next);
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const used = await usedRecently([...new Set(breaking.map((c) => coordinateOf(c.path ?? null)).filter((c): c is string => c !== null))]);
  return changes.map((c) => {
    const level = c.criticality.level;
    const criticality =
      level === CriticalityLevel.Breaking ? 'BREAKING' : level === CriticalityLevel.Dangerous ? 'DANGEROUS' : 'NON_BREAKING';
    const coordinate = coordinateOf(c.path ?? null);
    return {
      type: String(c.type),
      message: c.message,
      path: c.path ?? null,
      criticality,
      usedRecently: criticality === 'BREAKING' ? coordinate !== null && used.has(coordinate) : null,
    };
  });
}

export class BreakingChangeError extends DomainError<'BREAKING_CHANGE'> {
  constructor(
    subgraph: string,
    readonly changes: SchemaChange[],
    windowDays: number,
  ) {
    const blocking = changes.filter((c) => c.criticality === 'BREAKING' && c.usedRecently);
    super(
      PublicationErrorCode.BREAKING_CHANGE,
      `Subgraph "${subgraph}" was refused: ${blocking.length} breaking change${blocking.length === 1 ? '' : 's'} to what clients used in the last ${windowDays} days. The live supergraph is unchanged.`,
      { breakingChanges: blocking.map(({ type, message, path }) => ({ type, message, path })) },
    );
  }
}
