import { EntitySchema } from 'typeorm';
import type pg from 'pg';
import { applyMigrations, type AppDatabase } from '@plein/persistence';
import type { DeadLetter, DeliveredRecord } from '../transport.js';
import { resilientPool } from '../pg-pool.js';
import { CreateDeadLetters1763990000000 } from './migrations/1763990000000-create-dead-letters.js';

// Entity shapes exist for the migration drift check only; the store itself speaks SQL.
const col = (type: string, extra: Record<string, unknown> = {}) => ({ type, ...extra }) as never;
export const deadLetterDatabase: AppDatabase = {
  schema: 'deadletter',
  entities: [
    new EntitySchema({
      name: 'DeadLetter',
      tableName: 'dead_letter',
      indices: [{ name: 'IDX_dead_letter_group', columns: ['group_id', 'id'] }],
      columns: {
        id: col('bigint', { primary: true, generated: 'increment', primaryKeyConstraintName: 'PK_dead_letter' }),
        group_id: col('varchar', { length: 200 }),
        topic: col('varchar', { length: 200 }),
        partition: col('integer'),
        offset: col('bigint'),
        key: col('text', { nullable: true }),
        headers: col('jsonb', { default: () => "'{}'" }),
        value: col('text'),
        error: col('text'),
        attempts: col('integer'),
        created_at: col('timestamptz', { default: () => 'now()' }),
        updated_at: col('timestamptz', { default: () => 'now()' }),
      },
    }),
  ],
  migrations: [CreateDeadLetters1763990000000],
};

const MAX_ERROR = 2000;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, MAX_ERROR);

/**
 * Records a consumer gave up on, per consumer group, with a copy of the record and the last
 * error: the same store behind both transports, so a retry does not depend on the log still
 * holding the record (Kafka's retention may have removed it).
 */
export class DeadLetterStore {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(databaseUrl: string): Promise<DeadLetterStore> {
    await applyMigrations(deadLetterDatabase, databaseUrl);
    return new DeadLetterStore(resilientPool(databaseUrl, 'deadletter', 4));
  }

  async add(groupId: string, record: DeliveredRecord, error: unknown, attempts: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO deadletter.dead_letter (group_id, topic, partition, "offset", key, headers, value, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        groupId,
        record.topic,
        record.partition,
        record.offset,
        record.key,
        JSON.stringify(record.headers),
        record.value,
        message(error),
        attempts,
      ],
    );
  }

  async list(groupId: string): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<DeadLetter>(
      'SELECT id::int AS id, topic, partition, "offset"::int AS offset, error, attempts FROM deadletter.dead_letter WHERE group_id = $1 ORDER BY id',
      [groupId],
    );
    return rows;
  }

  /**
   * Delivers a dead letter once more: on success it leaves the store, on failure it stays with
   * the new error. Returns whether it was delivered.
   */
  async redeliver(groupId: string, id: number, handle: (record: DeliveredRecord) => Promise<void>): Promise<boolean> {
    const { rows } = await this.pool.query<{
      topic: string;
      partition: number;
      offset: string;
      key: string | null;
      headers: Record<string, string>;
      value: string;
    }>('SELECT topic, partition, "offset", key, headers, value FROM deadletter.dead_letter WHERE group_id = $1 AND id = $2', [groupId, id]);
    const row = rows[0];
    if (!row) return false;
    try {
      await handle({ ...row, offset: Number(row.offset) });
    } catch (e) {
      await this.pool.query(
        'UPDATE deadletter.dead_letter SET error = $3, attempts = attempts + 1, updated_at = now() WHERE group_id = $1 AND id = $2',
        [groupId, id, message(e)],
      );
      return false;
    }
    await this.pool.query('DELETE FROM deadletter.dead_letter WHERE group_id = $1 AND id = $2', [groupId, id]);
    return true;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Capped retries with exponential backoff; a record that keeps failing goes to the dead letters
 * with its reason, so it never blocks its partition.
 */
export async function deliverWithRetries(
  record: DeliveredRecord,
  options: { groupId: string; handle(record: DeliveredRecord): Promise<void>; maxAttempts?: number },
  deadLetters: DeadLetterStore,
  between: () => Promise<void> = async () => undefined,
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 5;
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      await options.handle(record);
      return;
    } catch (e) {
      lastError = e;
      if (attempt < maxAttempts) {
        await new Promise((r) => setTimeout(r, Math.min(1_000, 20 * 2 ** attempt)));
        await between();
      }
    }
  }
  await deadLetters.add(options.groupId, record, lastError, maxAttempts);
}
