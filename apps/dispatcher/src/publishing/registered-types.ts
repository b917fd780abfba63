import type { AgencyEventType } from '@plein/events';

/** A registered type with its publisher's OIN and name, as the registry lists them. */
export type RegisteredType = AgencyEventType & { agencyOin: string; agencyName: string };

/**
 * The registry's live list of event types, held for a few seconds. A type not in the list is
 * looked up again with a fetch that starts after the question was asked, so a type registered a
 * moment ago is always found (concurrent misses share that fetch); when the registry cannot be
 * reached, asking fails — the caller retries rather than guessing.
 */
export class RegisteredTypes {
  private types: Map<string, RegisteredType> | undefined;
  private fetchedAt = 0;
  private pending: { startedAt: number; done: Promise<Map<string, RegisteredType>> } | undefined;

  constructor(
    private readonly registryUrl: string,
    private readonly ttlMs = 5_000,
  ) {}

  async find(type: string): Promise<RegisteredType | undefined> {
    return (await this.all([type])).get(type);
  }

  /** Each publishing organisation's name by its registry key, from the same list. */
  async agencyNames(): Promise<Map<string, string>> {
    return new Map([...(await this.all()).values()].map((t) => [t.agencyKey, t.agencyName]));
  }

  /** Every registered type; looked up afresh when one of `expected` is missing (registered a moment ago). */
  async all(expected: readonly string[] = []): Promise<Map<string, RegisteredType>> {
    const askedAt = performance.now();
    const types = this.types && Date.now() - this.fetchedAt < this.ttlMs ? this.types : await this.refresh(askedAt);
    if (expected.every((t) => types.has(t) || t.startsWith('nl.ontmoetingsplein.'))) return types;
    return this.refresh(askedAt);
  }

  /** The list from a fetch that started at or after `notBefore`. */
  private refresh(notBefore: number): Promise<Map<string, RegisteredType>> {
    if (this.pending && this.pending.startedAt >= notBefore) return this.pending.done;
    const previous = this.pending?.done.catch(() => undefined);
    const startedAt = performance.now();
    const done = (previous ?? Promise.resolve()).then(() => this.fetch());
    const entry = { startedAt, done };
    this.pending = entry;
    void done
      .finally(() => {
        if (this.pending === entry) this.pending = undefined;
      })
      .catch(() => undefined);
    return done;
  }

  private async fetch(): Promise<Map<string, RegisteredType>> {
    const res = await fetch(new URL('event-types', this.registryUrl.endsWith('/') ? this.registryUrl : `${this.registryUrl}/`), {
      signal: AbortSignal.timeout(5_000),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`the registry answered HTTP ${res.status} for its event types`);
    const list = (await res.json()) as RegisteredType[];
    this.types = new Map(list.map((t) => [t.type, t]));
    this.fetchedAt = Date.now();
    return this.types;
  }
}
