import type { DataSource, EntityManager } from 'typeorm';
import type { DeadLetter, DeliveredRecord } from '@plein/events';

export interface DueDelivery {
  id: string;
  subscriptionId: string;
  attempts: number;
  record: DeliveredRecord;
}

const MAX_ERROR = 2_000;
/** A waiting delivery `w` whose subscription is paused. */
const PAUSED = 'EXISTS (SELECT 1 FROM dispatcher.subscription s WHERE s.id = w.subscription_id AND s.paused_at IS NOT NULL)';

/**
 * The deliveries that failed and wait for their next attempt, shared by every dispatcher
 * instance (dispatcher.delivery_retry). A failed delivery is parked here instead of being retried
 * where it was read, so the subscription's partition moves on: later events of other residents go
 * out at once, while later events of the same resident wait behind it — in order per resident.
 */
export class RetryQueue {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a claimed delivery is this instance's: longer than one attempt may take. */
    private readonly leaseMs: number,
  ) {}

  /** Whether an event of this subject is still waiting for this subscription (a later one must queue behind it). */
  async hasWaiting(subscriptionId: string, orderingKey: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      'SELECT 1 FROM dispatcher.delivery_retry WHERE subscription_id = $1 AND ordering_key = $2 AND dead_at IS NULL LIMIT 1',
      [subscriptionId, orderingKey],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Parks a record: after a failed attempt (`attempts` ≥ 1, due after the delay) or behind its subject's waiting one (0, due now). */
  async park(subscriptionId: string, record: DeliveredRecord, attempts: number, dueInMs: number, error?: unknown): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dispatcher.delivery_retry
         (subscription_id, ordering_key, event_id, topic, partition, "offset", headers, value, attempts, next_attempt_at, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp() + $10 * interval '1 millisecond', $11)`,
      [
        subscriptionId,
        orderingKey(record),
        record.headers['ce_id'] ?? null,
        record.topic,
        record.partition,
        record.offset,
        JSON.stringify(record.headers),
        record.value,
        attempts,
        dueInMs,
        error === undefined ? null : errorText(error),
      ],
    );
  }

  /**
   * Claims deliveries that are due: only the first waiting event of each subject of a
   * subscription, and none of a paused subscription. SKIP LOCKED lets instances share the work.
   */
  async claimDue(limit: number): Promise<DueDelivery[]> {
    const rows = (await this.dataSource.query(
      `UPDATE dispatcher.delivery_retry r SET claimed_until = clock_timestamp() + $2 * interval '1 millisecond'
       WHERE r.id IN (
         SELECT w.id FROM dispatcher.delivery_retry w
         WHERE w.dead_at IS NULL AND w.next_attempt_at <= clock_timestamp() AND NOT ${PAUSED}
           AND (w.claimed_until IS NULL OR w.claimed_until < clock_timestamp())
           AND NOT EXISTS (
             SELECT 1 FROM dispatcher.delivery_retry e
             WHERE e.subscription_id = w.subscription_id AND e.ordering_key = w.ordering_key AND e.dead_at IS NULL AND e.id < w.id)
         ORDER BY w.next_attempt_at LIMIT $1
         FOR UPDATE OF w SKIP LOCKED)
       RETURNING r.id::text AS id, r.subscription_id, r.attempts, r.topic, r.partition, r."offset"::text AS "offset", r.ordering_key, r.headers, r.value`,
      [limit, this.leaseMs],
    )) as [Array<RetryRecordRow>, number];
    return rows[0].map(toDue);
  }

  /** The receiver took it: gone from the queue, and the next event of its subject may go. */
  async delivered(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM dispatcher.delivery_retry WHERE id = $1', [id]);
  }

  /**
   * Failed once more: due again after `dueInMs`, or — when the schedule is done (undefined) — a
   * dead letter and its subscription paused with `pauseReason`, in one transaction: whoever sees
   * the dead letter sees the pause too.
   */
  async failed(id: string, error: unknown, dueInMs: number | undefined, pause?: { subscriptionId: string; reason: string }): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE dispatcher.delivery_retry SET attempts = attempts + 1, last_error = $2, claimed_until = NULL,
           next_attempt_at = CASE WHEN $3::bigint IS NULL THEN next_attempt_at ELSE clock_timestamp() + $3 * interval '1 millisecond' END,
           dead_at = CASE WHEN $3::bigint IS NULL THEN clock_timestamp() ELSE NULL END
         WHERE id = $1`,
        [id, errorText(error), dueInMs ?? null],
      );
      if (dueInMs === undefined && pause) await this.pauseWith(m, pause.subscriptionId, pause.reason);
    });
  }

  /** When the earliest waiting delivery is due (undefined: none waiting), to sleep until then. */
  async nextDue(): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT min(w.next_attempt_at) AS due FROM dispatcher.delivery_retry w WHERE w.dead_at IS NULL AND NOT ${PAUSED}`,
    )) as Array<{ due: Date | null }>;
    return row?.due ?? undefined;
  }

  /** One query for a whole list of subscriptions (an organisation's overview). */
  async waiting(subscriptionIds: string[]): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT subscription_id, count(*)::int AS n FROM dispatcher.delivery_retry
       WHERE subscription_id = ANY($1::uuid[]) AND dead_at IS NULL GROUP BY subscription_id`,
      [subscriptionIds],
    )) as Array<{ subscription_id: string; n: number }>;
    return new Map(rows.map((r) => [r.subscription_id, r.n]));
  }

  async deadLetters(subscriptionId: string): Promise<DeadLetter[]> {
    const rows = (await this.dataSource.query(
      `SELECT id::int AS id, topic, partition, "offset"::int AS "offset", last_error AS error, attempts
       FROM dispatcher.delivery_retry WHERE subscription_id = $1 AND dead_at IS NOT NULL ORDER BY id`,
      [subscriptionId],
    )) as DeadLetter[];
    return rows;
  }

  async deadLetter(subscriptionId: string, id: number): Promise<DueDelivery | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT id::text AS id, subscription_id, attempts, topic, partition, "offset"::text AS "offset", ordering_key, headers, value
       FROM dispatcher.delivery_retry WHERE subscription_id = $1 AND id = $2 AND dead_at IS NOT NULL`,
      [subscriptionId, id],
    )) as RetryRecordRow[];
    return rows[0] && toDue(rows[0]);
  }

  /** A dead letter tried again by its owner and refused once more: it stays, with the new error. */
  async stillDead(id: string, error: unknown): Promise<void> {
    await this.dataSource.query('UPDATE dispatcher.delivery_retry SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [
      id,
      errorText(error),
    ]);
  }

  /** Nothing goes out for the subscription until its owner resumes it; the reason is theirs to read. */
  private async pauseWith(m: EntityManager, subscriptionId: string, reason: string): Promise<void> {
    await m.query(
      'UPDATE dispatcher.subscription SET paused_at = clock_timestamp(), paused_reason = $2 WHERE id = $1 AND paused_at IS NULL',
      [subscriptionId, reason.slice(0, MAX_ERROR)],
    );
  }

  /** The subscription is gone: so is what waited for it. */
  async discard(subscriptionId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM dispatcher.delivery_retry WHERE subscription_id = $1', [subscriptionId]);
  }

  async resume(subscriptionId: string): Promise<void> {
    await this.dataSource.query('UPDATE dispatcher.subscription SET paused_at = NULL, paused_reason = NULL WHERE id = $1', [
      subscriptionId,
    ]);
  }
}

interface RetryRecordRow {
  id: string;
  subscription_id: string;
  attempts: number;
  topic: string;
  partition: number;
  offset: string;
  ordering_key: string;
  headers: Record<string, string>;
  value: string;
}

function toDue(row: RetryRecordRow): DueDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    attempts: row.attempts,
    record: {
      topic: row.topic,
      partition: row.partition,
      offset: Number(row.offset),
      key: row.ordering_key === '' ? null : row.ordering_key,
      headers: row.headers,
      value: row.value,
    },
  };
}

export function orderingKey(record: DeliveredRecord): string {
  return record.key ?? '';
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, MAX_ERROR);
}
