import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ForbiddenError, personalDataScope, type Caller } from '@plein/auth';
import { ProviderDirectory } from '../providers/provider-directory.js';
import { buildOverview, type IncomeOverview, type MemberRef } from './income-overview.js';
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
  ) {}

  async overview(household: readonly MemberRef[], caller: Caller, forwardHeaders: Record<string, string>): Promise<IncomeOverview> {
    const members = this.visibleMembers(household, caller);
    const bsns = members.map((m) => m.bsn);
    const providers = this.directory.current();
    const answers =
      bsns.length === 0
        ? []
        : await Promise.all(providers.map((p) => this.sources.fetchStreams(p, bsns, forwardHeaders, this.settings.sourceTimeoutMs)));
    for (const a of answers) sourceCalls.inc({ agency: a.provider.agency.key, status: a.status });
    return buildOverview(members, answers);
  }

  /** A caseworker sees every member; a resident only themselves, and only in their own household. */
  private visibleMembers(household: readonly MemberRef[], caller: Caller): readonly MemberRef[] {
    const scope = personalDataScope(caller);
    if (scope.kind === 'organisation') return household;
    const self = household.filter((m) => m.bsn === scope.bsn);
    if (self.length === 0) throw new ForbiddenError('Residents see only their own household.');
    return self;
  }
}
