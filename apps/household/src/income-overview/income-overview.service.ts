import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ForbiddenError, personalDataScope, type Caller } from '@plein/auth';
import { ConsentClient, purposeOf } from '@plein/consent-client';
import { onwardTraceparent } from '@plein/processing-log';
import { ProviderDirectory } from '../providers/provider-directory.js';
import type { IncomeProvider } from '../providers/provider-directory.js';
import { buildOverview, type IncomeOverview, type MemberRef, type SourceAnswer } from './income-overview.js';
import { IncomeSourceClient } from './income-source.client.js';

export const OVERVIEW_SETTINGS = Symbol('OVERVIEW_SETTINGS');
export interface OverviewSettings {
  /** Time budget per source; a slower source is reported as TIMEOUT, never waited for. */
  sourceTimeoutMs: number;
}

const sourceCalls = new Counter({
  name: 'plein_income_source_requests_total',
  help: 'Calls to income providers, by agency and outcome.',
  labelNames: ['agency', 'status'] as const,
});

/**
 * The household income use-case: one call per provider for all members, every provider in
 * parallel, each within its budget, so one slow or failing agency never blanks the view.
 */
@Injectable()
export class IncomeOverviewService {
  constructor(
    @Inject(ProviderDirectory) private readonly directory: ProviderDirectory,
    @Inject(IncomeSourceClient) private readonly sources: IncomeSourceClient,
    @Inject(OVERVIEW_SETTINGS) private readonly settings: OverviewSettings,
    @Inject(ConsentClient) private readonly consent: ConsentClient,
  ) {}

  async overview(
    household: readonly MemberRef[],
    coResidentCount: number,
    caller: Caller,
    forwardHeaders: Record<string, string>,
  ): Promise<IncomeOverview> {
    const members = this.visibleMembers(household, caller);
    // A resident's overview is of themselves: the others in their household are not withheld from it.
    const withheldCoResidents = personalDataScope(caller).kind === 'organisation' ? coResidentCount : 0;
    const bsns = members.map((m) => m.bsn);
    const providers = this.directory.current();
    // The overview is a span of its own in the caller's trace; the sources' spans hang under it.
    const { traceparent: incoming, ...others } = forwardHeaders;
    const traceparent = onwardTraceparent(incoming);
    const headers = traceparent ? { ...others, traceparent } : others;
    const ask = (p: IncomeProvider) => this.askSource(p, members, caller, headers);
    const answers = bsns.length === 0 ? [] : await Promise.all(providers.map(ask));
    for (const a of answers) sourceCalls.inc({ agency: a.provider.agency.key, status: a.status });
    return buildOverview(members, answers, withheldCoResidents);
  }

  /**
   * Asks a source only about the members the caller has a basis for there, and not at all when
   * there is none: the source would refuse anyway, and a refused request is still a disclosure
   * that the caller asked. Every member needs a basis of their own (for a minor, the consent
   * a parent gave as legal representative), the same rule the sources apply.
   */
  private async askSource(
    provider: IncomeProvider,
    members: readonly MemberRef[],
    caller: Caller,
    headers: Record<string, string>,
  ): Promise<SourceAnswer> {
    const scope = personalDataScope(caller);
    const all = members.map((m) => m.bsn);
    if (scope.kind === 'self') return this.sources.fetchStreams(provider, all, headers, this.settings.sourceTimeoutMs);
    const decisions = await this.consent.decide(headers['authorization'] ?? '', {
      org: scope.org,
      bsns: all,
      purpose: purposeOf(caller),
      category: 'income',
      source: provider.agency.key,
    });
    const permitted = all.filter((bsn) => decisions.get(bsn)?.permit);
    if (permitted.length === 0) {
      const first = decisions.get(all[0]!);
      const reason = first && !first.permit ? first.reason : 'no basis';
      // A basis nobody could check is not a refusal: a caseworker must not tell the resident they did not consent.
      if (first && !first.permit && first.unknown)
        return {
          provider,
          status: 'BASIS_UNKNOWN',
          message: `Not asked: ${reason}; whether there is a basis is not known.`,
          durationMs: 0,
          asked: [],
        };
      return { provider, status: 'NO_CONSENT', message: `Not asked: ${reason}.`, durationMs: 0, asked: [] };
    }
    const answer = await this.sources.fetchStreams(provider, permitted, headers, this.settings.sourceTimeoutMs);
    return permitted.length === all.length ? answer : { ...answer, asked: permitted };
  }

  /** A caseworker sees every member (each within their basis); a resident only themselves, in their own household. */
  private visibleMembers(household: readonly MemberRef[], caller: Caller): readonly MemberRef[] {
    const scope = personalDataScope(caller);
    if (scope.kind === 'organisation') return household;
    const self = household.filter((m) => m.bsn === scope.bsn);
    if (self.length === 0) throw new ForbiddenError('Residents see only their own household.');
    return self;
  }
}
