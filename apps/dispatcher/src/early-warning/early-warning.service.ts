import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ForbiddenError, Role, type Caller } from '@plein/auth';
import { DomainError, isUuid, parseBsn, type Bsn } from '@plein/domain';
import { ARREARS_CATEGORY, pseudonymOf, type PartnerStatus, type SignalResult, type SignalStatus } from '@plein/events';
import { NotFoundError } from '@plein/subgraph-kit';
import { DeliveryLog } from '../delivery/delivery-log.js';
import { DeliveryBases } from '../publishing/delivery-bases.js';
import type { DeliveryBasis } from '../publishing/delivery-bases.js';
import { PublishedEventEntity, type PublishedEventRow } from '../publishing/published-event.entity.js';
import { RegisteredTypes } from '../publishing/registered-types.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';
import { ResidenceLookup, type Municipality } from './residence-lookup.js';
import { SignalEntity, type SignalRow } from './signal.entity.js';
import { isOpen, nextState, nextStatuses, partnerStatus } from './signal-status.js';

/** A signal as its municipality's caseworker sees it: the partner's data and what the municipality recorded. */
export interface SignalView extends Omit<SignalRow, 'municipalityOin' | 'sourceOin' | 'subject'> {
  /** Where the caseworker may take it next. */
  nextStatuses: readonly SignalStatus[];
  /** The member it is about, as the household the caseworker opened names them; null where no household was opened. */
  bsn: string | null;
  partnerName: string;
  type: string;
  // The partner's data, as the type's schema (ddas-vroegsignalering) required it when it was published.
  signaaldatum: string;
  ontstaansdatum: string;
  bedragInCenten: number;
  signaalpartner: string;
  crisissignaal: boolean;
  warmeOverdracht: boolean;
}

/** Routes never change once stored: the municipality of a signal is kept here after its first read. */
const MAX_ROUTES_KEPT = 10_000;

/** A signal as the partner that sent it sees it: its own event id and the status the municipality gave it, nothing more. */
export interface PartnerSignalView {
  id: string;
  publisherEventId: string;
  type: string;
  receivedAt: Date;
  status: PartnerStatus;
}

export interface SignalOutcome {
  status: SignalStatus;
  resultaat?: SignalResult | null;
  note?: string | null;
}

/**
 * Vroegsignalering: a partner's signal of payment arrears goes to the municipality where the
 * resident is registered, on that municipality's statutory basis, and to nobody else. Routed once,
 * at the plein's edge where the BSN is known; the municipality's caseworker sees the signals of a
 * household they look up and records what happened; the partner sees the status of its own.
 * Every read and change is in the dispatcher's processing log.
 */
@Injectable()
export class EarlyWarningService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(ResidenceLookup) private readonly residence: ResidenceLookup,
    @Inject(DeliveryBases) private readonly bases: DeliveryBases,
    @Inject(DeliveryLog) private readonly log: DeliveryLog,
    @Inject(RegisteredTypes) private readonly types: RegisteredTypes,
  ) {}

  private readonly routes = new Map<string, string>();

  /** Where a signal about this resident goes. A resident registered in no municipality on the plein: refused, nothing stored. */
  async route(bsn: string): Promise<Municipality> {
    const found = await this.residence.municipalityOf(bsn);
    if (!found)
      throw new DomainError(
        'NOT_A_RESIDENT',
        'The resident is not registered in a municipality on the plein: nobody may receive this signal, and it was not stored.',
      );
    return found;
  }

  /** Stores the route with the published event, in its transaction. */
  async record(m: EntityManager, event: Pick<PublishedEventRow, 'ref' | 'sourceOin' | 'agencyKey' | 'subject'>, to: Municipality) {
    await m.getRepository(SignalEntity).insert({
      ref: event.ref,
      municipalityOin: to.municipalityOin,
      sourceOin: event.sourceOin,
      agencyKey: event.agencyKey,
      subject: event.subject!,
      status: 'NOG_NIET_OPGEPAKT',
      resultaat: null,
      note: null,
      history: [],
    });
  }

  /**
   * The municipality a published signal was routed to; null for an event that is no signal. Asked
   * once per subscription that could hear of the signal: the answer is kept, as a route never changes.
   */
  async municipalityOf(ref: string): Promise<string | null> {
    const kept = this.routes.get(ref);
    if (kept) return kept;
    const found = (await this.dataSource.getRepository(SignalEntity).findOneBy({ ref }))?.municipalityOin ?? null;
    if (found) {
      if (this.routes.size >= MAX_ROUTES_KEPT) this.routes.clear();
      this.routes.set(ref, found);
    }
    return found;
  }

  /** The signals about a household's members (those the caller may see) routed to the caller's municipality. */
  async forHousehold(caller: Caller, members: Array<{ bsn: string }>, includeClosed: boolean): Promise<SignalView[]> {
    const startTime = new Date();
    const bsnOf = new Map(members.map((m) => [pseudonymOf(parseBsn(m.bsn) as Bsn, this.config.PSEUDONYM_KEY), m.bsn]));
    if (bsnOf.size === 0) return [];
    const rows = (
      await this.dataSource.getRepository(SignalEntity).find({
        where: { municipalityOin: caller.org!, subject: In([...bsnOf.keys()]) },
        order: { receivedAt: 'ASC' },
      })
    ).filter((r) => includeClosed || isOpen(r.status));
    if (rows.length === 0) return [];
    // Several signals of one resident from one partner share one basis question; each is logged.
    const asked = new Map<string, Promise<DeliveryBasis | undefined>>();
    for (const row of rows) {
      const key = `${row.subject}|${row.agencyKey}`;
      if (!asked.has(key)) asked.set(key, this.basisOf(caller, row));
      await this.authorise(caller, row, 'early-warning signals read', startTime, await asked.get(key)!);
    }
    return this.views(rows, (r) => bsnOf.get(r.subject)!);
  }

  /** A caseworker of the signal's municipality records what happened to it, in the data model's statuses and results. */
  async recordOutcome(caller: Caller, ref: string, outcome: SignalOutcome): Promise<SignalView> {
    const startTime = new Date();
    const note = outcome.note?.trim() || null;
    if (note && note.length > 2000) throw new DomainError('INVALID_INPUT', 'A note is at most 2000 characters.');
    if (!isUuid(ref)) throw new NotFoundError('early-warning signal', ref.slice(0, 60));
    const row = await this.dataSource.transaction(async (m) => {
      const found = await m.getRepository(SignalEntity).findOne({ where: { ref }, lock: { mode: 'pessimistic_write' } });
      // Another municipality's signal reads as no signal at all.
      if (!found || found.municipalityOin !== caller.org) throw new NotFoundError('early-warning signal', ref);
      await this.authorise(caller, found, 'early-warning signal status recorded', startTime, await this.basisOf(caller, found));
      const next = nextState(found, outcome.status, outcome.resultaat ?? null);
      const change = { ...next, at: new Date().toISOString(), by: caller.username };
      const updated = { ...found, ...next, note: note ?? found.note, history: [...found.history, change] };
      await m
        .getRepository(SignalEntity)
        .update({ ref }, { status: next.status, resultaat: next.resultaat, note: updated.note, history: updated.history });
      return updated;
    });
    return (await this.views([row], () => null))[0]!;
  }

  /** The partner's own signals, newest first. */
  async ofPartner(caller: Caller): Promise<PartnerSignalView[]> {
    const rows = await this.dataSource
      .getRepository(SignalEntity)
      .find({ where: { sourceOin: caller.org! }, order: { receivedAt: 'DESC' }, take: 500 });
    const events = await this.events(rows);
    return rows.map((r) => ({
      id: r.ref,
      publisherEventId: events.get(r.ref)!.eventId,
      type: events.get(r.ref)!.type,
      receivedAt: r.receivedAt,
      status: partnerStatus(r.status),
    }));
  }

  /**
   * The municipality's statutory basis, asked of the consent service for the municipality the
   * signal was routed to, and the purpose the caseworker stated must be the basis's own. Logged
   * either way: a refusal is evidence too.
   */
  private async basisOf(caller: Caller, row: SignalRow): Promise<DeliveryBasis | undefined> {
    const org = caller.org!;
    return (await this.bases.of(row.subject, ARREARS_CATEGORY, row.agencyKey, [org], row.municipalityOin)).get(org);
  }

  private async authorise(caller: Caller, row: SignalRow, name: string, startTime: Date, basis: DeliveryBasis | undefined): Promise<void> {
    const org = caller.org!;
    const disclosure = {
      name,
      activity: 'early-warning' as const,
      subject: row.subject,
      receiverOrg: org,
      receiverRole: Role.CASEWORKER,
      actor: caller.subject,
      category: ARREARS_CATEGORY,
      source: row.agencyKey,
      startTime,
    };
    if (!basis?.permit || basis.purpose !== caller.purpose) {
      const code = basis?.permit ? 'PURPOSE_NOT_ALLOWED' : 'NO_CONSENT';
      await this.log.refused({ ...disclosure, purpose: caller.purpose ?? 'none', basis: `refused: ${code}` });
      if (basis?.permit) throw new ForbiddenError(`Early-warning signals are seen for ${basis.purpose}: state that purpose.`);
      throw new DomainError('NO_CONSENT', 'Your organisation has no basis for this early-warning signal.');
    }
    await this.log.disclosed({ ...disclosure, purpose: basis.purpose!, basis: basis.basis! });
  }

  private async events(rows: SignalRow[]): Promise<Map<string, PublishedEventRow>> {
    if (rows.length === 0) return new Map();
    const events = await this.dataSource.getRepository(PublishedEventEntity).findBy({ ref: In(rows.map((r) => r.ref)) });
    return new Map(events.map((e) => [e.ref, e]));
  }

  private async views(rows: SignalRow[], bsnOf: (row: SignalRow) => string | null): Promise<SignalView[]> {
    const [events, partnerNames] = await Promise.all([this.events(rows), this.types.agencyNames()]);
    return rows.map((r) => {
      const event = events.get(r.ref)!;
      const data = (event.data ?? {}) as Record<string, never>;
      return {
        ref: r.ref,
        agencyKey: r.agencyKey,
        status: r.status,
        nextStatuses: nextStatuses(r.status),
        resultaat: r.resultaat,
        note: r.note,
        history: r.history,
        receivedAt: r.receivedAt,
        updatedAt: r.updatedAt,
        bsn: bsnOf(r),
        partnerName: partnerNames.get(r.agencyKey) ?? r.agencyKey,
        type: event.type,
        signaaldatum: data['signaaldatum'],
        ontstaansdatum: data['ontstaansdatum'],
        bedragInCenten: data['bedragInCenten'],
        signaalpartner: data['signaalpartner'],
        crisissignaal: data['crisissignaal'],
        warmeOverdracht: data['warmeOverdracht'],
      };
    });
  }
}
