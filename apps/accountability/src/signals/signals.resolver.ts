import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import { DomainError } from '@plein/domain';
import type { RequestContext } from '@plein/subgraph-kit';
import { ExplanationsService } from '../explanations/explanations.service.js';
import { ReportsService } from '../reports/reports.service.js';
import type { SignalAction } from './signal-status.js';
import { SignalsService } from './signals.service.js';
import {
  AccessReportLine,
  ExplanationRequest,
  MisuseSignal,
  MisuseSignalActionEnum,
  MisuseSignalToExplain,
  MisuseThresholds,
  UnusualAccess,
} from './signals.types.js';

const trace = (ctx: RequestContext) => ctx.forwardHeaders['traceparent'];

@Resolver()
export class SignalsResolver {
  constructor(
    @Inject(SignalsService) private readonly signals: SignalsService,
    @Inject(ExplanationsService) private readonly explanations: ExplanationsService,
    @Inject(ReportsService) private readonly reports: ReportsService,
  ) {}

  @Query(() => [MisuseSignal], { description: "Your organisation's misuse signals, newest first; the evidence's reading is logged." })
  @Allow(Role.SECURITY_OFFICER)
  misuseSignals(@Args('status', { type: () => String, nullable: true }) status: string | null, @Context() ctx: RequestContext) {
    return this.signals.ofOrganisation(requireCaller(ctx.caller), status, trace(ctx));
  }

  @Query(() => MisuseSignal)
  @Allow(Role.SECURITY_OFFICER)
  misuseSignal(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext) {
    return this.signals.one(requireCaller(ctx.caller), id, trace(ctx));
  }

  @Mutation(() => MisuseSignal, { description: 'Acknowledge, ask the employee to explain, close or escalate a signal, with a note.' })
  @Allow(Role.SECURITY_OFFICER)
  actOnMisuseSignal(
    @Args('id', { type: () => ID }) id: string,
    @Args('action', { type: () => MisuseSignalActionEnum }) action: SignalAction,
    @Args('note') note: string,
    @Context() ctx: RequestContext,
  ) {
    // Explaining is the employee's own step (explainMisuseSignal), not the officer's.
    if (action === 'explain') throw new DomainError('INVALID_TRANSITION', 'Only the employee asked explains; ask them with ASK_EMPLOYEE.');
    return this.signals.act(requireCaller(ctx.caller), id, action, note, trace(ctx));
  }

  @Query(() => MisuseThresholds)
  @Allow(Role.SECURITY_OFFICER)
  misuseThresholds(@Context() ctx: RequestContext) {
    return this.signals.thresholdsOf(requireCaller(ctx.caller).org!);
  }

  @Mutation(() => MisuseThresholds, { description: "Sets your organisation's thresholds; they apply from the next access on." })
  @Allow(Role.SECURITY_OFFICER)
  setMisuseThresholds(@Args('input', { type: () => MisuseThresholds }) input: MisuseThresholds, @Context() ctx: RequestContext) {
    return this.signals.setThresholds(requireCaller(ctx.caller), JSON.parse(JSON.stringify(input)));
  }

  @Mutation(() => Boolean, {
    description: 'Marks a resident your organisation watches over (colleague, public-figure, geheimhouding); only a pseudonym is kept.',
  })
  @Allow(Role.SECURITY_OFFICER)
  protectResident(@Args('bsn') bsn: string, @Args('kind') kind: string, @Context() ctx: RequestContext) {
    return this.signals.protect(requireCaller(ctx.caller), bsn, kind);
  }

  @Query(() => [MisuseSignalToExplain], { description: 'The signals your security officer asks you to explain.' })
  @Allow(Role.CASEWORKER)
  misuseSignalsToExplain(@Context() ctx: RequestContext) {
    return this.signals.askedOf(requireCaller(ctx.caller));
  }

  @Mutation(() => MisuseSignalToExplain)
  @Allow(Role.CASEWORKER)
  explainMisuseSignal(
    @Args('id', { type: () => ID }) id: string,
    @Args('explanation') explanation: string,
    @Context() ctx: RequestContext,
  ) {
    return this.signals.explain(requireCaller(ctx.caller), id, explanation, trace(ctx));
  }

  @Query(() => [UnusualAccess], { description: 'Accesses to your data that were outside the normal pattern, and why.' })
  @Allow(Role.RESIDENT)
  myUnusualAccesses(@Context() ctx: RequestContext) {
    return this.explanations.unusualFor(requireCaller(ctx.caller));
  }

  @Mutation(() => ExplanationRequest, {
    description: 'Asks the organisation that received your data to explain one access; its security officer must answer by the deadline.',
  })
  @Allow(Role.RESIDENT)
  requestExplanation(
    @Args('source', { description: 'The agency, as the data tracker names it.' }) source: string,
    @Args('traceId', { description: 'The request, as the data tracker names it.' }) traceId: string,
    @Args('question') question: string,
    @Context() ctx: RequestContext,
  ) {
    return this.explanations.request(requireCaller(ctx.caller), { source, traceId }, question);
  }

  @Query(() => [AccessReportLine], {
    description:
      "Your organisation's accesses per day: generic (per source, purpose, outcome) for anyone of it; specific (per employee and resident pseudonym) for its security officer. Also as CSV: GET /reports/accesses.csv on the accountability service.",
  })
  @Allow(Role.CASEWORKER, Role.SECURITY_OFFICER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR)
  accessReport(
    @Args('kind', { type: () => String, description: 'generic or specific' }) kind: string,
    @Args('from', { description: 'YYYY-MM-DD' }) from: string,
    @Args('to', { description: 'YYYY-MM-DD' }) to: string,
    @Context() ctx: RequestContext,
  ) {
    return this.reports.report(requireCaller(ctx.caller), kind === 'specific' ? 'specific' : 'generic', from, to, trace(ctx));
  }

  @Query(() => [ExplanationRequest])
  @Allow(Role.RESIDENT)
  myExplanationRequests(@Context() ctx: RequestContext) {
    return this.explanations.ofResident(requireCaller(ctx.caller));
  }

  @Query(() => [ExplanationRequest], { description: "Residents' requests to your organisation, open ones first, by deadline." })
  @Allow(Role.SECURITY_OFFICER)
  explanationRequests(@Context() ctx: RequestContext) {
    return this.explanations.ofOrganisation(requireCaller(ctx.caller), trace(ctx));
  }

  @Mutation(() => ExplanationRequest)
  @Allow(Role.SECURITY_OFFICER)
  answerExplanationRequest(@Args('id', { type: () => ID }) id: string, @Args('answer') answer: string, @Context() ctx: RequestContext) {
    return this.explanations.answer(requireCaller(ctx.caller), id, answer, trace(ctx));
  }
}
