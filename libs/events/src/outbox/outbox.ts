import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent } from '@plein/persistence';
import { PgListener } from '../pg-listener.js';
import { validateEvent, type PleinEvent } from '../envelope.js';
import type { EventTransport, OutgoingRecord } from '../transport.js';
import { OutboxEntity } from './outbox.entity.js';
import { CreateOutbox1763890400000 } from './migrations/1763890400000-create-outbox.js';

/** Add to a publishing app's database definition. */
export const outboxDatabase = { entities: [OutboxEntity], migrations: [CreateOutbox1763890400000] } as const;

/**
 * Writes an event in the caller's transaction: it becomes visible to the relay only if the
 * change that caused it commits, and it disappears with a rollback.
 */
export async function enqueueEvent(manager: EntityManager, topic: string, event: PleinEvent, key?: string | null): Promise<void> {
  await enqueueEvents(manager, topic, [event], key === undefined ? undefined : [key]);
}

/**
 * Several events of one change, in one statement, in the caller's transaction. The key orders
 * them (per key) and is the event's subject unless given: an agency's outbox keys an event by the
 * resident's BSN, which its relay hands to the plein at the edge and which never enters the event.
 */
export async function enqueueEvents(
  manager: EntityManager,
  topic: string,
  events: PleinEvent[],
  keys?: Array<string | null>,
): Promise<void> {
  if (events.length === 0) return;
  const valid = events.map((e) => validateEvent(e));
  await manager
    .getRepository(OutboxEntity)
    .insert(valid.map((e, i) => ({ eventId: e.id, topic, key: keys ? (keys[i] ?? null) : (e.subject ?? null), event: e })));
  // Wakes the relay when, and only if, this transaction commits.
  await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, schemaOf(manager)]);
}

const OUTBOX_CHANNEL = 'plein_outbox';

function schemaOf(manager: EntityManager): string {
  return (manager.connection.options as { schema?: string }).schema ?? 'public';
}

/** The CloudEvents Kafka binding in binary mode: context attributes as ce_ headers, data as value. */
export function toRecord(topic: string, key: string | null, event: PleinEvent): OutgoingRecord {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(event)) {
    if (name !== 'data' && name !== 'datacontenttype' && value !== undefined) headers[`ce_${name}`] = String(value);
  }
  return { topic, key, value: JSON.stringify(event.data ?? null), headers };
}

export interface RelaySettings {
  batchSize?: number;
  /** How often the relay looks without being told; a committed event wakes it at once (LISTEN/NOTIFY). */
  pollMs?: number;
  /** Told when a batch could not be sent (it is tried again after a pause). */
  onError?: (error: unknown) => void;
}

/**
 * Moves committed outbox events to the transport, oldest first. One relay per app works at a
 * time (a transaction-scoped advisory lock), so events keep their order. Rows are marked only
 * after the transport accepted them: a relay that dies in between sends them again (same event
 * id) — at least once, never lost.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private pending = false;
  private listener: PgListener | undefined;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    /** Where events go: the event log, or the plein's event endpoint for an agency (only `send` is used). */
    private readonly transport: Pick<EventTransport, 'send'>,
    private readonly settings: RelaySettings = {},
  ) {}

  async start(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (url) {
      this.listener = new PgListener(url, OUTBOX_CHANNEL, `outbox-relay-${this.schema}`, () => this.wake());
      this.listener.on((schema) => schema === this.schema && this.wake());
      await this.listener.start();
    }
    // With a listener, a commit wakes the relay and a failed batch is tried again after a pause
    // (below): the timer is only a safety net, and an idle app's polls cost CPU (ADR 0018).
    // Without a listener (no URL to listen on) polling is all there is, so it polls often.
    this.timer = setInterval(() => this.wake(), this.settings.pollMs ?? (url ? 60_000 : 100));
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    await this.listener?.close();
    await this.running;
  }

  /** One relay run at a time; a wake during a run starts another after it, which drains any backlog. */
  private wake(): void {
    if (this.pending) return;
    this.pending = true;
    this.running = this.running
      .then(async () => {
        this.pending = false;
        while ((await this.relayOnce()) >= (this.settings.batchSize ?? 500));
        this.failures = 0;
      })
      .catch((e: unknown) => {
        this.settings.onError?.(e);
        // The transport is down or refused: tried again after a pause that grows to 5 s.
        this.failures += 1;
        clearTimeout(this.retry);
        if (!this.stopped) this.retry = setTimeout(() => this.wake(), Math.min(5_000, 250 * 2 ** Math.min(this.failures, 5)));
      });
  }

  /** Relays one batch; returns how many events went out (0 when another relay holds the lock). */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [relayLock(this.schema)])) as [
        { locked: boolean },
      ];
      if (!locked) return 0;
      const rows = await manager
        .getRepository(OutboxEntity)
        .createQueryBuilder('o')
        .where('o.published_at IS NULL')
        .orderBy('o.seq')
        .limit(this.settings.batchSize ?? 500)
        .getMany();
      if (rows.length === 0) return 0;
      await this.transport.send(rows.map((r) => toRecord(r.topic, r.key, r.event as PleinEvent)));
      await manager.query(`UPDATE ${quoteIdent(this.schema)}.outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((r) => r.seq),
      ]);
      return rows.length;
    });
  }
}

function relayLock(schema: string): string {
  return createHash('sha256').update(`outbox-relay:${schema}`).digest().readBigInt64BE(0).toString();
}
