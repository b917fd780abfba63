import { DomainError } from '@plein/domain';
import { CATEGORIES, type Category } from './catalogue.js';
import { coverageEntry } from './decision.js';

/** An agency as the consent sees it when it is resolved: what it holds now. */
export interface ScopeAgency {
  key: string;
  name: string;
  holds: readonly string[];
}

/** Per agency, exactly the categories it would share: what the resident is shown and what is covered. */
export interface SourcePreview {
  agencyKey: string;
  agencyName: string;
  categories: Array<{ code: Category; description: string }>;
}

export interface ResolvedScope {
  /** The agencies covered, by key. */
  sources: string[];
  /** `agency:category` pairs: the only ones a decision permits. */
  coverage: string[];
  /** Agency key → name as it was when resolved, for the resident's history and receipt. */
  sourceNames: Record<string, string>;
}

const invalid = (message: string) => new DomainError('INVALID_CONSENT', message);

/**
 * Fixes a consent's reach when it is asked for or given: the named agencies (or, when none are
 * named, every agency on the plein now), each for only the requested categories it holds. An
 * agency that joins later is not in it; a category an agency does not hold is not shown under it.
 */
export function resolveScope(
  agencies: readonly ScopeAgency[],
  categories: readonly Category[],
  requested: readonly string[],
): ResolvedScope {
  const holding = (a: ScopeAgency) => categories.filter((c) => a.holds.includes(c));
  let chosen: ScopeAgency[];
  if (requested.length === 0) {
    chosen = agencies.filter((a) => holding(a).length > 0);
  } else {
    chosen = requested.map((key) => {
      const agency = agencies.find((a) => a.key === key);
      if (!agency) throw invalid(`"${key.slice(0, 60)}" is not an agency on the plein.`);
      if (holding(agency).length === 0) throw invalid(`${agency.name} holds none of: ${categories.join(', ')}.`);
      return agency;
    });
  }
  if (chosen.length === 0) throw invalid(`No agency on the plein holds ${categories.join(' or ')}.`);
  chosen.sort((a, b) => a.key.localeCompare(b.key));
  return {
    sources: chosen.map((a) => a.key),
    coverage: chosen.flatMap((a) => holding(a).map((c) => coverageEntry(a.key, c))),
    sourceNames: Object.fromEntries(chosen.map((a) => [a.key, a.name])),
  };
}

/** The preview of a resolved scope, per agency, with every category described for residents (in Dutch). */
export function previewOf(scope: Pick<ResolvedScope, 'coverage' | 'sourceNames'>): SourcePreview[] {
  const byAgency = new Map<string, Category[]>();
  for (const entry of scope.coverage) {
    const [agency, category] = entry.split(':') as [string, Category];
    byAgency.set(agency, [...(byAgency.get(agency) ?? []), category]);
  }
  return [...byAgency].map(([agencyKey, categories]) => ({
    agencyKey,
    agencyName: scope.sourceNames[agencyKey] ?? agencyKey,
    categories: categories.map((code) => ({ code, description: CATEGORIES[code] ?? code })),
  }));
}
