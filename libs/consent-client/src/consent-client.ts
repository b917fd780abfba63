import type { Category, Purpose } from '@plein/consent';

export interface ConsentClientSettings {
  /** The consent service's GraphQL endpoint. */
  consentUrl: string;
  /**
   * How long a decision is served from the cache. Consent events clear it sooner; when the
   * consent service cannot be reached, nothing older than this is trusted (fail closed).
   */
  ttlMs: number;
  timeoutMs: number;
}

/** `unknown`: the consent service could not be asked or did not answer in time; not a refusal by anyone. */
export type CachedDecision = { permit: true; basis: string } | { permit: false; reason: string; unknown?: true };

export interface DecisionQuery {
  org: string;
  bsns: readonly string[];
  purpose: Purpose;
  category: Category;
  source: string;
}

const QUERY = `query ConsentDecisions($bsns: [String!]!, $purpose: String!, $category: String!, $source: String!) {
  consentDecisions(bsns: $bsns, purpose: $purpose, category: $category, source: $source) { bsn permit basis reason until }
}`;

const NO_DECISION: CachedDecision = { permit: false, reason: 'no decision for this resident' };

interface Answer {
  data?: {
    consentDecisions: Array<{ bsn: string; permit: boolean; basis: string | null; reason: string | null; until: string | null }>;
  } | null;
  errors?: Array<{ message: string }>;
}

/**
 * Decisions of the consent service, cached per organisation, purpose, category, source and
 * resident. Asked on the caller's behalf (a token exchanged for the consent service): it answers
 * an organisation only about its own access. Unknown decisions are denied when the service cannot answer.
 */
export class ConsentClient {
  private readonly cache = new Map<string, { decision: CachedDecision; expires: number }>();
  /** Bumped by every invalidation of an organisation: an answer started before it is not cached. */
  private readonly generations = new Map<string, number>();
  /**
   * Questions on their way to the consent service, per cache key. When a decision expires under
   * load, every view running at that moment misses at once; they wait for the one question
   * instead of each asking again (ADR 0018). Only within one generation: a decision asked for
   * before an invalidation is never handed to a view that began after it.
   */
  private readonly asking = new Map<string, { generation: number; decision: Promise<CachedDecision | undefined> }>();

  constructor(
    private readonly settings: ConsentClientSettings,
    /**
     * Turns the Authorization header this app received into one for the consent service (token
     * exchange): the caller's token is addressed to this app and would be refused there.
     */
    private readonly credentialFor: (authorization: string) => Promise<string>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async decide(authorization: string, q: DecisionQuery): Promise<Map<string, CachedDecision>> {
    const now = Date.now();
    const out = new Map<string, CachedDecision>();
    const generation = this.generations.get(q.org) ?? 0;
    const missing: string[] = [];
    const joined: Array<[string, Promise<CachedDecision | undefined>]> = [];
    for (const bsn of new Set(q.bsns)) {
      const key = this.key(q, bsn);
      const hit = this.cache.get(key);
      const asking = this.asking.get(key);
      if (hit && hit.expires > now) out.set(bsn, hit.decision);
      else if (asking?.generation === generation) joined.push([bsn, asking.decision]);
      else missing.push(bsn);
    }
    const own = missing.length > 0 ? this.askFor(authorization, q, missing, generation) : undefined;
    const unanswered: string[] = [];
    for (const [bsn, decision] of joined) {
      const answer = await decision;
      // Unanswered, the question was another caller's failure (its credential, its moment): ask anew.
      if (answer) out.set(bsn, answer);
      else unanswered.push(bsn);
    }
    for (const [bsn, decision] of (await own) ?? []) out.set(bsn, decision);
    if (unanswered.length > 0)
      for (const [bsn, decision] of await this.askFor(authorization, q, unanswered, generation)) out.set(bsn, decision);
    return out;
  }

  /** One question for these residents, open for others to join until answered; what may be cached is. */
  private askFor(
    authorization: string,
    q: DecisionQuery,
    bsns: readonly string[],
    generation: number,
  ): Promise<Map<string, CachedDecision>> {
    const fetched = this.ask(authorization, q, bsns);
    for (const bsn of bsns) {
      const key = this.key(q, bsn);
      const entry = { generation, decision: fetched.then((f) => (f.answered ? (f.decisions.get(bsn) ?? NO_DECISION) : undefined)) };
      this.asking.set(key, entry);
      const done = () => {
        if (this.asking.get(key) === entry) this.asking.delete(key);
      };
      entry.decision.then(done, done);
    }
    return fetched.then((f) => {
      const cacheable = (this.generations.get(q.org) ?? 0) === generation && f.answered;
      const expires = Date.now() + this.settings.ttlMs;
      const decisions = new Map<string, CachedDecision>();
      for (const bsn of bsns) {
        const decision = f.decisions.get(bsn) ?? NO_DECISION;
        decisions.set(bsn, decision);
        if (cacheable) this.cache.set(this.key(q, bsn), { decision, expires: Math.min(expires, f.until.get(bsn) ?? expires) });
      }
      return decisions;
    });
  }

  /** A consent naming this organisation changed: forget what was decided for it. */
  invalidate(org: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${org}|`)) this.cache.delete(key);
    this.generations.set(org, (this.generations.get(org) ?? 0) + 1);
  }

  get size(): number {
    return this.cache.size;
  }

  private key(q: Omit<DecisionQuery, 'bsns'>, bsn: string): string {
    return `${q.org}|${q.purpose}|${q.category}|${q.source}|${bsn}`;
  }

  private async ask(
    authorization: string,
    q: DecisionQuery,
    bsns: readonly string[],
  ): Promise<{ answered: boolean; decisions: Map<string, CachedDecision>; until: Map<string, number> }> {
    const decisions = new Map<string, CachedDecision>();
    const until = new Map<string, number>();
    const unreachable = (reason: string) => {
      for (const bsn of bsns) decisions.set(bsn, { permit: false, reason, unknown: true });
      return { answered: false, decisions, until };
    };
    let answer: Answer;
    let credential: string;
    try {
      credential = await this.credentialFor(authorization);
    } catch {
      return unreachable('no credential for the consent service could be obtained');
    }
    try {
      const res = await this.fetchImpl(this.settings.consentUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: credential },
        body: JSON.stringify({ query: QUERY, variables: { bsns, purpose: q.purpose, category: q.category, source: q.source } }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'error',
      });
      answer = (await res.json()) as Answer;
    } catch {
      return unreachable('the consent service could not be reached');
    }
    const list = answer.data?.consentDecisions;
    if (!list) return unreachable(`the consent service refused: ${answer.errors?.[0]?.message.slice(0, 200) ?? 'no answer'}`);
    for (const d of list) {
      decisions.set(d.bsn, d.permit ? { permit: true, basis: d.basis ?? 'unknown' } : { permit: false, reason: d.reason ?? 'denied' });
      if (d.permit && d.until) until.set(d.bsn, Date.parse(d.until));
    }
    return { answered: true, decisions, until };
  }
}
