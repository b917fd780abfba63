import { Inject } from '@nestjs/common';
import { Args, Context, Directive, Query, Resolver } from '@nestjs/graphql';
import { Allow, ForbiddenError, Role, personalDataScope, requireCaller } from '@plein/auth';
import { ConsentGate } from '@plein/consent-client';
import type { RequestContext } from '../request-context.js';
import { INCOME_STREAMS_V1_FIELD } from '@plein/income-contract';
import { IncomeLedgerRepository } from './income-ledger.repository.js';
import { parseSubjects, toIncomeStream, type SchemeCatalogue } from './income-provider.js';
import { IncomeStreamV1Type } from './income-stream.types.js';
import { ProcessingLogger } from '../processing/processing-logger.js';

export const SCHEME_CATALOGUE = Symbol('SCHEME_CATALOGUE');

@Resolver(() => IncomeStreamV1Type)
export class IncomeContractResolver {
  constructor(
    @Inject(IncomeLedgerRepository) private readonly ledger: IncomeLedgerRepository,
    @Inject(SCHEME_CATALOGUE) private readonly schemes: SchemeCatalogue,
    @Inject(ConsentGate) private readonly consent: ConsentGate,
    @Inject(ProcessingLogger) private readonly log: ProcessingLogger,
  ) {}

  @Query(() => [IncomeStreamV1Type], {
    name: INCOME_STREAMS_V1_FIELD,
    description: 'Plein income contract v1: the running income streams of these people at this agency.',
  })
  @Directive('@shareable')
  @Directive('@inaccessible')
  @Allow(Role.CASEWORKER, Role.RESIDENT)
  async incomeStreams(
    @Args('bsns', { type: () => [String] }) bsns: string[],
    @Context() ctx: RequestContext,
  ): Promise<IncomeStreamV1Type[]> {
    const subjects = parseSubjects(bsns);
    const caller = requireCaller(ctx.caller);
    const scope = personalDataScope(caller);
    if (scope.kind === 'self' && subjects.some((b) => b !== scope.bsn)) throw new ForbiddenError('Residents see only their own income.');
    const startTime = new Date();
    const access = { name: INCOME_STREAMS_V1_FIELD, activity: 'inkomen', category: 'income', startTime };
    const permitted = await this.log.refusalsOf(caller, ctx.forwardHeaders, access, subjects, () =>
      this.consent.require(caller, ctx.forwardHeaders, subjects, 'income'),
    );
    const today = startTime.toISOString().slice(0, 10);
    const rows = await this.ledger.findActive(subjects, today);
    const streams = rows.map((row) => toIncomeStream(row, this.schemes));
    // Logged, and the log committed, before the data leaves.
    await this.log.accessed(caller, ctx.forwardHeaders, { ...access, permitted }, subjects);
    return streams;
  }
}
