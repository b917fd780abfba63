import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '@plein/persistence';
import type { ConsumerOptions, DeadLetter, DeliveredRecord, EventTransport, OutgoingRecord, RunningConsumer } from '../transport.js';
import { DeadLetterStore, deliverWithRetries } from '../dead-letters/dead-letters.js';
import { resilientPool } from '../pg-pool.js';
import { PgListener } from '../pg-listener.js';
import { eventLogDatabase } from './event-log.database.js';

export interface EmbeddedLogSettings {
  databaseUrl: string;
  /**
   * How often a consumer looks without being told: which members are live (a crashed member's
   * partitions are taken then), and a read of the partitions that may be behind. New records and
   * members joining or leaving wake consumers at once (LISTEN/NOTIFY).
   */
  pollMs?: number;
  /** Every this many looks a consumer reads all its partitions anyway, should a notification go astray. */
  safetyReadEvery?: number;
  batchSize?: number;
}

/**
 * The embedded durable log: Kafka's model (topics, keyed partitions, offsets, consumer groups
 * with committed offsets) on the Postgres the plein already runs. Offsets are handed out under
 * a row lock on the partition head, so they are gapless and a reader never sees a later offset
 * of a partition before an earlier one has committed. A group's members split the partitions
 * by a deterministic assignment and hold each with a session advisory lock, which Postgres
 * releases when a member's connection dies; a member is live while its session holds its own
 * membership lock, so membership needs no heartbeat written. A commit notifies (NOTIFY,
 * delivered at commit) the topics it wrote to, and one listening connection per process wakes
 * the consumers of those topics: an idle plein writes nothing, and reads only at each look.
 */
export class EmbeddedLog implements EventTransport {
  private readonly pool: pg.Pool;
  private readonly consumers = new Set<RunningConsumer>();
  private readonly members = new Set<GroupMember>();
  private readonly partitions = new Map<string, number>();
  private listener: Promise<PgListener> | undefined;

  private constructor(
    private readonly settings: Required<EmbeddedLogSettings>,
    private readonly dead: DeadLetterStore,
  ) {
    this.pool = resilientPool(settings.databaseUrl, 'eventlog');
  }

  static async open(settings: EmbeddedLogSettings): Promise<EmbeddedLog> {
    await applyMigrations(eventLogDatabase, settings.databaseUrl);
    return new EmbeddedLog(
      { pollMs: LOOK_MS, batchSize: 500, safetyReadEvery: SAFETY_READ_LOOKS, ...settings },
      await DeadLetterStore.open(settings.databaseUrl),
    );
  }

  async ensureTopic(name: string, partitions: number): Promise<void> {
    await this.pool.query('INSERT INTO eventlog.topic (name, partitions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      name,
      partitions,
    ]);
    await this.pool.query(
      'INSERT INTO eventlog.partition_head (topic, partition) SELECT $1, p FROM generate_series(0, (SELECT partitions FROM eventlog.topic WHERE name = $1) - 1) p ON CONFLICT DO NOTHING',
      [name],
    );
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const counts = await this.partitionCounts([...new Set(records.map((r) => r.topic))]);
    const byPartition = new Map<string, OutgoingRecord[]>();
    for (const r of records) {
      const n = counts.get(r.topic);
      if (!n) throw new Error(`Unknown topic "${r.topic}"`);
      const slot = `${r.topic}\u0000${partitionFor(r.key, n)}`;
      byPartition.set(slot, [...(byPartition.get(slot) ?? []), r]);
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // A fixed lock order keeps two producers writing to the same partitions from deadlocking.
      for (const slot of [...byPartition.keys()].sort()) {
        const [topic, p] = slot.split('\u0000') as [string, string];
        const batch = byPartition.get(slot)!;
        const { rows } = await client.query<{ next_offset: string }>(
          'UPDATE eventlog.partition_head SET next_offset = next_offset + $3 WHERE topic = $1 AND partition = $2 RETURNING next_offset',
          [topic, Number(p), batch.length],
        );
        const first = Number(rows[0]!.next_offset) - batch.length;
        await client.query(
          `INSERT INTO eventlog.record (topic, partition, "offset", key, headers, value)
           SELECT $1, $2, $3 + i - 1, k, h, v FROM unnest($4::text[], $5::jsonb[], $6::text[]) WITH ORDINALITY AS t(k, h, v, i)`,
          [topic, Number(p), first, batch.map((r) => r.key), batch.map((r) => JSON.stringify(r.headers ?? {})), batch.map((r) => r.value)],
        );
      }
      // Delivered to listeners when (and only if) the transaction commits.
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, [...new Set(records.map((r) => r.topic))].join(',')]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async consume(options: ConsumerOptions): Promise<RunningConsumer> {
    await this.listen();
    const member = new GroupMember(this.pool, this.settings, options, await this.partitionCounts(options.topics), this.dead);
    // Woken by notifications only once started: its start ends with a look that reads all it takes.
    await member.start();
    this.members.add(member);
    const running: RunningConsumer = {
      assignment: () => member.assignment(),
      stop: async () => {
        this.consumers.delete(running);
        this.members.delete(member);
        await member.stop();
      },
    };
    this.consumers.add(running);
    return running;
  }

  /**
   * Places a group without a position at the current end of the topics, so it receives what is
   * published from now on; a group that has a position keeps it.
   */
  async startAtEnd(groupId: string, topics: string[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO eventlog.consumer_offset (group_id, topic, partition, next_offset)
       SELECT $1, topic, partition, next_offset FROM eventlog.partition_head WHERE topic = ANY($2)
       ON CONFLICT (group_id, topic, partition) DO NOTHING`,
      [groupId, topics],
    );
  }

  /** Sets a group's position on a partition (replay); only while the group is not consuming it. */
  async seek(groupId: string, topic: string, partition: number, offset: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO eventlog.consumer_offset (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
      [groupId, topic, partition, offset],
    );
  }

  /** Places a group, per partition, at the first record appended at or after `time` (or at the end). */
  async seekToTime(groupId: string, topics: string[], time: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO eventlog.consumer_offset (group_id, topic, partition, next_offset)
       SELECT $1, h.topic, h.partition,
              COALESCE((SELECT min(r."offset") FROM eventlog.record r WHERE r.topic = h.topic AND r.partition = h.partition AND r.created_at >= $3), h.next_offset)
       FROM eventlog.partition_head h WHERE h.topic = ANY($2)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
      [groupId, topics, time],
    );
  }

  deadLetters(groupId: string): Promise<DeadLetter[]> {
    return this.dead.list(groupId);
  }

  redeliver(groupId: string, deadLetterId: number, handle: (record: DeliveredRecord) => Promise<void>): Promise<boolean> {
    return this.dead.redeliver(groupId, deadLetterId, handle);
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await (await this.listener)?.close();
    await this.pool.end();
    await this.dead.close();
  }

  /** One listening connection per process, opened with the first consumer. */
  private listen(): Promise<PgListener> {
    this.listener ??= (async () => {
      // After a lost connection, every member looks once: what was notified meanwhile is not lost.
      const listener = new PgListener(this.settings.databaseUrl, CHANNEL, 'eventlog-listener', () => {
        for (const m of this.members) m.missedNotifications();
      });
      listener.on((payload) => {
        if (payload.startsWith(MEMBERS_PREFIX)) {
          const group = payload.slice(MEMBERS_PREFIX.length);
          for (const m of this.members) if (m.groupId === group) m.wake(true);
          return;
        }
        const topics = new Set(payload.split(','));
        for (const m of this.members) if (m.topics.some((t) => topics.has(t))) m.wake(false);
      });
      await listener.start();
      return listener;
    })();
    return this.listener;
  }

  /** A topic's partition count never changes once created, so it is read once per topic. */
  private async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const unknown = topics.filter((t) => !this.partitions.has(t));
    if (unknown.length > 0) {
      const { rows } = await this.pool.query<{ name: string; partitions: number }>(
        'SELECT name, partitions FROM eventlog.topic WHERE name = ANY($1)',
        [unknown],
      );
      for (const r of rows) this.partitions.set(r.name, r.partitions);
    }
    return this.partitions;
  }
}

/** The channel commits notify: topic names, or a group whose membership changed. */
const CHANNEL = 'plein_eventlog';
const MEMBERS_PREFIX = 'members:';
/**
 * New records and members joining or leaving arrive by notification; a look finds what nothing
 * announces: a member that crashed (its partitions are taken within this, as within Kafka's old
 * default 10 s session), a read to try again, a lost lock session to open again (ADR 0018).
 */
const LOOK_MS = 10_000;
/** By default every 6th look (a minute) reads all partitions anyway. */
const SAFETY_READ_LOOKS = 6;

/** FNV-1a over the key: stable across processes and restarts. Unkeyed records go to partition 0. */
export function partitionFor(key: string | null, partitions: number): number {
  if (key === null) return 0;
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h % partitions;
}

class GroupMember {
  private readonly id = randomUUID();
  /** Partitions this member holds, with its position in each: while it holds the lock, it is the only writer. */
  private readonly owned = new Map<string, number | undefined>();
  private lockClient: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private wakePending: 'drain' | 'full' | undefined;
  /** Records were committed to its topics since the last read began: every owned partition is read next. */
  private notified = false;
  /** Owned partitions that may hold records not yet read: just taken, or a read that failed or did not finish. */
  private readonly behind = new Set<string>();
  private ticks = 0;
  private stopped = false;
  private readonly slots: string[];

  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: Required<EmbeddedLogSettings>,
    private readonly options: ConsumerOptions,
    counts: Map<string, number>,
    private readonly dead: DeadLetterStore,
  ) {
    this.slots = options.topics.flatMap((t) => {
      const n = counts.get(t);
      if (!n) throw new Error(`Unknown topic "${t}"`);
      return Array.from({ length: n }, (_, p) => `${t}/${p}`);
    });
  }

  assignment(): string[] {
    return [...this.owned.keys()].sort();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  /**
   * Something happened: records were committed to one of its topics (drain its partitions), or
   * the group's membership changed (full: a look — live members and rebalance — too). Wakes coalesce: one
   * pending tick at a time, and one that arrives during a tick runs after it.
   */
  wake(full: boolean): void {
    if (this.stopped) return;
    // Noted before the wakes coalesce: a notification merged into a pending look still makes
    // that look read every partition (ADR 0018).
    if (!full) this.notified = true;
    if (this.wakePending) {
      if (full) this.wakePending = 'full';
      return;
    }
    this.wakePending = full ? 'full' : 'drain';
    this.ticking = this.ticking
      .then(() => {
        const kind = this.wakePending;
        this.wakePending = undefined;
        return kind === 'full' ? this.tick() : this.readOwned(false);
      })
      .catch(() => undefined);
  }

  async start(): Promise<void> {
    await this.connectLockSession();
    await this.announceMembership();
    this.timer = setInterval(() => this.wake(true), this.settings.pollMs);
    this.wake(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    await this.pool.query('DELETE FROM eventlog.group_member WHERE group_id = $1 AND member_id = $2', [this.options.groupId, this.id]);
    await this.announceMembership().catch(() => undefined);
    const session = this.lockClient;
    this.lockClient = undefined;
    this.owned.clear();
    await session?.end().catch(() => undefined); // ends the session: its partition locks go with it
  }

  /**
   * The session that holds this member's membership lock and partition locks. When it is lost, so
   * are the locks: the member stops reading those partitions at once, the others count it gone at
   * their next look, and it joins again, taking partitions from their committed positions, through
   * a new session on a later tick.
   */
  private async connectLockSession(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.settings.databaseUrl,
      application_name: `eventlog-member-${this.options.groupId}`,
    });
    client.on('error', () => {
      if (this.lockClient !== client) return;
      this.lockClient = undefined;
      this.owned.clear();
      void client.end().catch(() => undefined);
    });
    await client.connect();
    const key = advisoryKey(`eventlog-member:${this.options.groupId}:${this.id}`);
    // A key of this member alone, so granted at once — unless its lost session has not ended yet
    // in PostgreSQL: then this session is given up, and the next look tries again. The row is
    // written after the lock, so a row whose lock is not held is a member gone.
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
    if (!rows[0]!.ok) {
      await client.end().catch(() => undefined);
      throw new Error(`${this.options.groupId}: the previous session of this member still holds its membership`);
    }
    await client.query(
      'INSERT INTO eventlog.group_member (group_id, member_id, lock_key) VALUES ($1, $2, $3) ON CONFLICT (group_id, member_id) DO NOTHING',
      [this.options.groupId, this.id, key],
    );
    this.lockClient = client;
  }

  /** The listening connection was lost: what was committed meanwhile was notified to nobody. */
  missedNotifications(): void {
    this.wake(false);
    this.wake(true);
  }

  /**
   * A look: partitions rebalanced over the live members, and read only what may be behind. New
   * records arrive by notification; reading every partition at every look cost each idle consumer
   * a query per partition (ADR 0018). Every `safetyReadEvery`-th look still reads them all, should
   * a notification ever go astray.
   */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (!this.lockClient) {
      await this.connectLockSession();
      await this.announceMembership();
    }
    await this.rebalance(await this.liveMembers());
    this.ticks += 1;
    await this.readOwned(this.ticks % this.settings.safetyReadEvery === 0);
  }

  /**
   * Reads owned partitions to their end (a full batch means there may be more right behind it):
   * all of them when notified or `all`, else those behind. A notification that arrives during the
   * read sets `notified` again and queues another read, so none is lost between the two.
   */
  private async readOwned(all: boolean): Promise<void> {
    if (all || this.notified) for (const slot of this.owned.keys()) this.behind.add(slot);
    this.notified = false;
    for (const slot of [...this.behind]) {
      if (!this.owned.has(slot)) {
        this.behind.delete(slot);
        continue;
      }
      while (!this.stopped && this.owned.has(slot) && (await this.drain(slot)) >= this.settings.batchSize);
      // Only once read to the end: a read that failed leaves it behind for the next look.
      this.behind.delete(slot);
    }
  }

  /** The group's other members rebalance now rather than at their next look. */
  private async announceMembership(): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, `${MEMBERS_PREFIX}${this.options.groupId}`]);
  }

  /**
   * The group's live members (sorted): those whose session holds their membership lock. Rows of
   * members whose lock is gone (a crash, a lost connection) are removed in the same round trip; a
   * member that comes back writes its row again. A look that finds all live writes nothing.
   */
  private async liveMembers(): Promise<string[]> {
    const { rows } = await this.pool.query<{ member_id: string }>(
      `WITH held AS (
         -- A bigint advisory key shows in pg_locks as its high and low halves (objsubid 1).
         SELECT (classid::int8 << 32) | objid::int8 AS lock_key FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
       gone AS (
         DELETE FROM eventlog.group_member WHERE group_id = $1 AND lock_key NOT IN (SELECT lock_key FROM held))
       SELECT member_id FROM eventlog.group_member
         WHERE group_id = $1 AND lock_key IN (SELECT lock_key FROM held)
       ORDER BY member_id`,
      [this.options.groupId],
    );
    return rows.map((r) => r.member_id);
  }

  /** Partition i of the sorted partitions belongs to live member i mod n, sorted by member id. */
  private async rebalance(members: readonly string[]): Promise<void> {
    const me = members.indexOf(this.id);
    const session = this.lockClient;
    if (!session) return;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      const mine = me >= 0 && i % members.length === me;
      if (mine && !this.owned.has(slot)) {
        const { rows: got } = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.lockKey(slot)]);
        if (got[0]!.ok && this.lockClient === session) {
          this.owned.set(slot, undefined);
          this.behind.add(slot);
        }
      } else if (!mine && this.owned.has(slot)) {
        // Released only between records, after the last one's offset was committed.
        await session.query('SELECT pg_advisory_unlock($1)', [this.lockKey(slot)]);
        this.owned.delete(slot);
      }
    }
  }

  private async drain(slot: string): Promise<number> {
    const [topic, p] = slot.split('/') as [string, string];
    const partition = Number(p);
    let next = this.owned.get(slot) ?? (await this.committedPosition(topic, partition));
    const { rows } = await this.pool.query<{ offset: string; key: string | null; headers: Record<string, string>; value: string }>(
      'SELECT "offset", key, headers, value FROM eventlog.record WHERE topic = $1 AND partition = $2 AND "offset" >= $3 ORDER BY "offset" LIMIT $4',
      [topic, partition, next, this.settings.batchSize],
    );
    const committed = next;
    // The position is committed once per batch, and before a partition is given up: at least
    // once, as with Kafka's periodic commits — a crash delivers at most this batch again.
    try {
      for (const row of rows) {
        if (this.stopped || !this.owned.has(slot)) break;
        const record: DeliveredRecord = {
          topic,
          partition,
          offset: Number(row.offset),
          key: row.key,
          headers: row.headers,
          value: row.value,
        };
        await this.deliver(record);
        next = record.offset + 1;
      }
    } finally {
      if (next !== committed) await this.commit(topic, partition, next);
      if (this.owned.has(slot)) this.owned.set(slot, next);
    }
    return rows.length;
  }

  private async committedPosition(topic: string, partition: number): Promise<number> {
    const { rows } = await this.pool.query<{ next_offset: string }>(
      'SELECT next_offset FROM eventlog.consumer_offset WHERE group_id = $1 AND topic = $2 AND partition = $3',
      [this.options.groupId, topic, partition],
    );
    return Number(rows[0]?.next_offset ?? 0);
  }

  private async commit(topic: string, partition: number, next: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO eventlog.consumer_offset (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
      [this.options.groupId, topic, partition, next],
    );
  }

  private deliver(record: DeliveredRecord): Promise<void> {
    return deliverWithRetries(record, this.options, this.dead);
  }

  private lockKey(slot: string): string {
    return advisoryKey(`eventlog:${this.options.groupId}:${slot}`);
  }
}

/** A session advisory lock's bigint key for a name: stable across processes, as text for pg. */
function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
