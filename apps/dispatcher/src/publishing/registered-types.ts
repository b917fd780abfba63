import type { AgencyEventType } from '@plein/events';

/** A registered type with its publisher's OIN and name, as the registry lists them. */
export type RegisteredType = AgencyEventType & { agencyOin: string; agencyName: string };

/**
 * The registry's live list of event types, held for a few seconds. A type not in the list is
 * looked up again (at most once a second), so a type registered a moment ago is found; when the
 * registry cannot be reached, asking fails — the caller retries rather than guessing.
 */
export class RegisteredTypes {
  private types: Map<string, RegisteredType> | undefined;
  private fetchedAt = 0;
  private pending: Promise<Map<string, RegisteredType>> | undefined;

  constructor(
    private readonly registryUrl: string,
    private readonly ttlMs = 5_000,
  ) {}

  async find(type: string): Promise<RegisteredType | undefined> {
    return (await this.all([type])).get(type);
  }

  /** Every registered type; looked up afresh when one of `expected` is missing (registered a moment ago). */
  async all(expected: readonly string[] = []): Promise<Map<string, RegisteredType>> {
    const types = this.types && Date.now() - this.fetchedAt < this.ttlMs ? this.types : await this.refresh();
    if (expected.every((t) => types.has(t) || t.startsWith('nl.ontmoetingsplein.')) || Date.now() - this.fetchedAt < 1_000) return types;
    return this.refresh();
  }

  private refresh(): Promise<Map<string, RegisteredType>> {
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
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
