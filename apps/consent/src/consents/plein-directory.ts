import { Inject, Injectable } from '@nestjs/common';
import { TokenExchanger } from '@plein/auth';
import { CATEGORIES, CATEGORY_CAPABILITY, type Category } from '@plein/consent';
import { DomainError } from '@plein/domain';
import { CONSENT_CONFIG } from './consent.config.js';
import type { ConsentConfig } from '../settings.js';

/** An agency on the plein now, and the categories of data it holds (the contracts it implements). */
export interface AgencyOnThePlein {
  key: string;
  name: string;
  oin: string;
  holds: Category[];
}

interface Provider {
  /** Null for a category announced in events (HELD_BY_EVENTS): held, but not served by a subgraph. */
  subgraph: string | null;
  routingUrl: string | null;
  agency: { key: string; name: string; oin: string };
}

const TIMEOUT_MS = 2_000;

function unavailable(what: string): DomainError {
  return new DomainError('DIRECTORY_UNAVAILABLE', `${what} cannot be looked up right now; nothing was changed. Try again shortly.`);
}

/**
 * What the consent service needs to know about the plein when a consent is asked for or given:
 * which agencies hold which categories (from the registry's capability contracts), who an
 * organisation is, and whom a resident has parental authority over (from the population
 * register, asked on the resident's behalf). Nothing is cached: a consent is resolved against
 * the plein as it is at that moment.
 */
@Injectable()
export class PleinDirectory {
  constructor(
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
    @Inject(TokenExchanger) private readonly exchanger: TokenExchanger,
  ) {}

  async agencies(): Promise<AgencyOnThePlein[]> {
    const byKey = new Map<string, AgencyOnThePlein>();
    for (const category of Object.keys(CATEGORIES) as Category[]) {
      for (const p of await this.providers(CATEGORY_CAPABILITY[category])) {
        const agency = byKey.get(p.agency.key) ?? { ...p.agency, holds: [] };
        if (!agency.holds.includes(category)) agency.holds.push(category);
        byKey.set(agency.key, agency);
      }
    }
    return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The registered name of an organisation; an organisation that is not on the plein cannot ask or be granted. */
  async organisationName(oin: string): Promise<string> {
    const organisations = await this.read<Array<{ oin: string; name: string }>>('/organisations', 'The organisations on the plein');
    const found = organisations.find((o) => o.oin === oin);
    if (!found) throw new DomainError('UNKNOWN_ORGANISATION', `Organisation ${oin} is not registered on the plein.`);
    return found.name;
  }

  /**
   * The minors the resident has parental authority over, as every population register on the
   * plein has it, asked with a token exchanged for that register: the resident's own word is
   * never enough.
   */
  async childrenInCare(authorization: string): Promise<Array<{ bsn: string; birthDate: string }>> {
    const registers = (await this.providers(CATEGORY_CAPABILITY.household)).filter(
      (r): r is Provider & { subgraph: string; routingUrl: string } => r.subgraph !== null && r.routingUrl !== null,
    );
    const children: Array<{ bsn: string; birthDate: string }> = [];
    for (const register of registers) {
      let answer: { data?: { childrenInMyCare: Array<{ bsn: string; birthDate: string }> } | null };
      try {
        const res = await fetch(register.routingUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: await this.exchanger.authorizationFor(authorization, register.subgraph),
          },
          body: JSON.stringify({ query: '{ childrenInMyCare { bsn birthDate } }' }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
        answer = (await res.json()) as typeof answer;
      } catch {
        throw unavailable('Parental authority');
      }
      if (!answer.data) throw unavailable('Parental authority');
      children.push(...answer.data.childrenInMyCare);
    }
    return children;
  }

  private providers(capability: string): Promise<Provider[]> {
    return this.read<Provider[]>(`/providers?capability=${encodeURIComponent(capability)}`, 'The agencies on the plein');
  }

  private async read<T>(path: string, what: string): Promise<T> {
    try {
      const res = await fetch(`${this.config.REGISTRY_URL}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as T;
    } catch {
      throw unavailable(what);
    }
  }
}
