import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '@plein/auth';
import { DomainError, parseBsn } from '@plein/domain';
import { createEvent, enqueueEvent, EventTypes, pseudonymOf } from '@plein/events';
import {
  MisuseSignalEntity,
  OrgThresholdsEntity,
  ProtectedResidentEntity,
  SignalActionEntity,
  type AccessRecordRow,
  type MisuseSignalRow,
  type SignalActionRow,
} from '../accountability.entities.js';
import { rowOf } from '../record/access-record.js';
import { ACCOUNTABILITY_CONFIG, type AccountabilityConfig } from '../settings.js';
import { MisuseDetector, type Hit } from './detector.js';
import { OversightLog } from './oversight-log.js';
import { nextStatus, type SignalAction } from './signal-status.js';
import { DEFAULT_THRESHOLDS, thresholdsSchema, type Thresholds } from './thresholds.js';

export const SignalErrorCode = { INVALID_THRESHOLDS: 'INVALID_THRESHOLDS', INVALID_NOTE: 'INVALID_NOTE' } as const;

export interface SignalView extends MisuseSignalRow {
  evidence: AccessRecordRow[];
  actions: SignalActionRow[];
}

export const PROTECTION_KINDS = ['colleague', 'public-figure', 'geheimhouding'] as const;

/**
 * Runs the misuse rules over the record as entries arrive, one at a time in arrival order, and
 * keeps the signals: one per rule and key, its evidence growing, announced once (a CloudEvent
 * for the organisation concerned, written in the signal's transaction). A security officer sees
 * and works only their own organisation's signals; every read and every step is logged.
 */
@Injectable()
export class SignalsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('misuse-signals');
  private readonly thresholds = new Map<string, Thresholds>();
  private readonly protectedResidents = new Map<string, string>();
  private readonly detector: MisuseDetector;
  /** Evaluation in arrival order: the windows are one stream. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OversightLog) private readonly oversight: OversightLog,
    @Inject(ACCOUNTABILITY_CONFIG) private readonly config: AccountabilityConfig,
  ) {
    this.detector = new MisuseDetector({
      thresholdsOf: (org) => this.thresholds.get(org) ?? DEFAULT_THRESHOLDS,
      protectedFor: (org, subject) => this.protectedResidents.get(`${org}|${subject}`),
      knewBefore: async (org, subject, traceId, beforeId) =>
        (
          (await this.dataSource.query(
            `SELECT 1 FROM access_record WHERE receiver_org = $1 AND subject = $2 AND id < $3 AND trace_id <> $4 AND NOT refused LIMIT 1`,
            [org, subject, beforeId, traceId],
          )) as unknown[]
        ).length > 0,
    });
  }

  /** Settings and protected residents into memory, then the windows rebuilt from the last hours of the record. */
  onApplicationBootstrap(): Promise<void> {
    const start = async () => {
      for (const row of await this.dataSource.getRepository(OrgThresholdsEntity).find())
        this.thresholds.set(row.org, thresholdsSchema.parse(row.thresholds));
      for (const row of await this.dataSource.getRepository(ProtectedResidentEntity).find())
        this.protectedResidents.set(`${row.org}|${row.subject}`, row.kind);
      const since = new Date(Date.now() - this.config.REPLAY_HOURS * 3_600_000);
      let after = 0;
      for (;;) {
        const rows = (await this.dataSource.query(`SELECT * FROM access_record WHERE at > $1 AND id > $2 ORDER BY id LIMIT 5000`, [
          since,
          after,
        ])) as Array<Record<string, unknown>>;
        await this.observeAll(rows.map(rowOf));
        if (rows.length < 5000) break;
        after = Number(rows[rows.length - 1]!['id']);
      }
    };
    const started = this.chain.then(start);
    this.chain = started;
    return started;
  }

  /** New entries of the record through the rules; resolves once their signals are stored. */
  evaluate(records: readonly AccessRecordRow[]): Promise<void> {
    const run = this.chain.then(() => this.observeAll(records));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs entries through the rules in order, then stores what fired once per signal: a hand-over
   * of a hundred entries that all extend one signal is one upsert, not a hundred.
   */
  private async observeAll(records: readonly AccessRecordRow[]): Promise<void> {
    const fired = new Map<string, { hit: Hit; first: Date; last: Date; evidence: Set<number> }>();
    for (const r of records) {
      const hits = await this.detector.observe({
        id: r.id,
        at: r.at,
        subject: r.subject,
        org: r.receiverOrg,
        roles: r.receiverRoles,
        actor: r.actor,
        traceId: r.traceId,
        category: r.category,
        purpose: r.purpose,
        basis: r.basis,
        refused: r.refused,
      });
      for (const hit of hits) {
        const key = `${hit.org}|${hit.rule}|${hit.key}`;
        const seen = fired.get(key);
        if (!seen) fired.set(key, { hit, first: r.at, last: r.at, evidence: new Set(hit.evidence) });
        else {
          // The latest reason counts (its numbers are the newest); the period spans them all.
          seen.hit = hit;
          if (r.at < seen.first) seen.first = r.at;
          if (r.at > seen.last) seen.last = r.at;
          for (const id of hit.evidence) seen.evidence.add(id);
        }
      }
    }
    if (fired.size === 0) return;
    await this.dataSource.transaction(async (m) => {
      for (const { hit, first, last, evidence } of fired.values()) {
        const [row] = (await m.query(
          `INSERT INTO misuse_signal (id, org, rule, key, reason, actor, subject, first_at, last_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (org, rule, key) DO UPDATE SET reason = EXCLUDED.reason, last_at = GREATEST(misuse_signal.last_at, EXCLUDED.last_at)
           RETURNING id, (xmax = 0) AS created`,
          [randomUUID(), hit.org, hit.rule, hit.key.slice(0, 500), hit.reason.slice(0, 1000), hit.actor, hit.subject, first, last],
        )) as Array<{ id: string; created: boolean }>;
        await m.query(`INSERT INTO signal_evidence (signal_id, record_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, [
          row!.id,
          [...evidence],
        ]);
        if (row!.created) await this.announce(m, row!.id, { ...hit, evidence: [...evidence] }, first);
      }
    });
  }

  private async announce(m: EntityManager, id: string, hit: Hit, at: Date): Promise<void> {
    const event = createEvent({
      type: EventTypes.MISUSE_SIGNALLED.type,
      sourceOin: this.config.PLEIN_OIN,
      data: {
        signalId: id,
        org: hit.org,
        rule: hit.rule,
        reason: hit.reason,
        employee: hit.actor,
        resident: hit.subject,
        at: at.toISOString(),
      },
    });
    await enqueueEvent(m, EventTypes.MISUSE_SIGNALLED.topic, event, hit.org);
    this.logger.log(`signal ${hit.rule} for ${hit.org}`);
  }

  async ofOrganisation(caller: Caller, status: string | null, traceparent?: string): Promise<SignalView[]> {
    const rows = await this.dataSource.getRepository(MisuseSignalEntity).find({
      where: { org: caller.org!, ...(status ? { status } : {}) },
      order: { raisedAt: 'DESC' },
      take: 200,
    });
    return this.withEvidence(caller, rows, traceparent);
  }

  async one(caller: Caller, id: string, traceparent?: string): Promise<SignalView> {
    const row = await this.find(caller.org!, id);
    return (await this.withEvidence(caller, [row], traceparent))[0]!;
  }

  /** A step on a signal by its organisation's security officer; the note says why. */
  async act(caller: Caller, id: string, action: SignalAction, note: string, traceparent?: string): Promise<SignalView> {
    const signal = await this.find(caller.org!, id);
    await this.step(caller, signal, action, note, traceparent);
    return this.one(caller, signal.id, traceparent);
  }

  /** The signals an officer asked this employee to explain, and nothing else about them. */
  async askedOf(caller: Caller): Promise<MisuseSignalRow[]> {
    return this.dataSource
      .getRepository(MisuseSignalEntity)
      .find({ where: { org: caller.org!, actor: caller.subject, status: 'explanation-asked' }, order: { raisedAt: 'DESC' } });
  }

  async explain(caller: Caller, id: string, explanation: string, traceparent?: string): Promise<MisuseSignalRow> {
    const signal = await this.dataSource
      .getRepository(MisuseSignalEntity)
      .findOneBy({ id: uuidOrNone(id), org: caller.org!, actor: caller.subject, status: 'explanation-asked' });
    if (!signal) throw new DomainError('NOT_FOUND', 'No signal asks you for an explanation under that id.');
    // The employee is shown the signal, not its evidence: nothing more is read, so nothing more is logged.
    return { ...signal, status: await this.step(caller, signal, 'explain', explanation, traceparent) };
  }

  private async step(caller: Caller, signal: MisuseSignalRow, action: SignalAction, note: string, traceparent?: string): Promise<string> {
    const text = note.trim();
    if (text.length < 3 || text.length > 2000)
      throw new DomainError(SignalErrorCode.INVALID_NOTE, 'Say in a note (3 to 2,000 characters) why, for whoever reads the signal later.');
    const status = nextStatus(signal.status, action);
    const subjects = await this.subjectsOf(signal);
    await this.oversight.record(caller, `misuse signal: ${action}`, subjects, traceparent);
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(SignalActionEntity).insert({ signalId: signal.id, actor: caller.subject, action, note: text });
      await m.getRepository(MisuseSignalEntity).update({ id: signal.id }, { status });
    });
    return status;
  }

  async thresholdsOf(org: string): Promise<Thresholds> {
    return this.thresholds.get(org) ?? DEFAULT_THRESHOLDS;
  }

  async setThresholds(caller: Caller, input: unknown): Promise<Thresholds> {
    const parsed = thresholdsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DomainError(SignalErrorCode.INVALID_THRESHOLDS, `${issue.path.join('.')}: ${issue.message}.`);
    }
    await this.dataSource
      .getRepository(OrgThresholdsEntity)
      .upsert({ org: caller.org!, thresholds: parsed.data, updatedBy: caller.subject }, ['org']);
    this.thresholds.set(caller.org!, parsed.data);
    return parsed.data;
  }

  /** Marks a resident as protected for the caller's organisation: their BSN becomes a pseudonym here and is not kept. */
  async protect(caller: Caller, bsn: string, kind: string): Promise<boolean> {
    if (!(PROTECTION_KINDS as readonly string[]).includes(kind))
      throw new DomainError('INVALID_KIND', `A protected resident is one of: ${PROTECTION_KINDS.join(', ')}.`);
    const subject = pseudonymOf(parseBsn(bsn), this.config.PSEUDONYM_KEY);
    await this.dataSource
      .getRepository(ProtectedResidentEntity)
      .upsert({ org: caller.org!, subject, kind, addedBy: caller.subject }, ['org', 'subject']);
    this.protectedResidents.set(`${caller.org!}|${subject}`, kind);
    return true;
  }

  private async find(org: string, id: string): Promise<MisuseSignalRow> {
    const row = await this.dataSource.getRepository(MisuseSignalEntity).findOneBy({ id: uuidOrNone(id), org });
    // Another organisation's signal reads exactly like one that does not exist.
    if (!row) throw new DomainError('NOT_FOUND', 'Your organisation has no signal with that id.');
    return row;
  }

  private async subjectsOf(signal: MisuseSignalRow): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT r.subject FROM signal_evidence e JOIN access_record r ON r.id = e.record_id WHERE e.signal_id = $1`,
      [signal.id],
    )) as Array<{ subject: string }>;
    return rows.map((r) => r.subject);
  }

  private async withEvidence(caller: Caller, rows: MisuseSignalRow[], traceparent?: string): Promise<SignalView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const evidence = (
      (await this.dataSource.query(
        `SELECT e.signal_id, r.* FROM signal_evidence e JOIN access_record r ON r.id = e.record_id WHERE e.signal_id = ANY($1::uuid[]) ORDER BY r.at, r.id`,
        [ids],
      )) as Array<Record<string, unknown>>
    ).map((r) => ({ signalId: String(r['signal_id']), record: rowOf(r) }));
    const actions = await this.dataSource
      .getRepository(SignalActionEntity)
      .createQueryBuilder('a')
      .where('a.signal_id = ANY(:ids)', { ids })
      .orderBy('a.id')
      .getMany();
    // What the officer is shown of residents' entries is logged before it is shown.
    await this.oversight.record(caller, 'misuse signal evidence read', [...new Set(evidence.map((e) => e.record.subject))], traceparent);
    return rows.map((r) => ({
      ...r,
      evidence: evidence.filter((e) => e.signalId === r.id).map((e) => e.record),
      actions: actions.filter((a) => a.signalId === r.id),
    }));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string that is no UUID matches no row (rather than a database error). */
function uuidOrNone(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : '00000000-0000-0000-0000-000000000000';
}
