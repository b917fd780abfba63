import type { Admin, Consumer, IHeaders, Kafka, Producer, SASLOptions } from 'kafkajs';
import { DeadLetterStore, deliverWithRetries } from '../dead-letters/dead-letters.js';
import type { ConsumerOptions, DeadLetter, DeliveredRecord, EventTransport, OutgoingRecord, RunningConsumer } from '../transport.js';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Replicas of each topic the plein creates; 3 on a production cluster. */
  replicationFactor?: number;
  /** Where the dead letters are kept: Postgres, like every other state the plein owns. */
  databaseUrl: string;
  sessionTimeoutMs?: number;
  /** How long the client keeps retrying a broker that does not answer, before an operation fails. */
  maxRetryTimeMs?: number;
}

/**
 * The production transport: Kafka through kafkajs. An idempotent producer (a retried batch is
 * written once) with acks from all in-sync replicas and one request in flight, so order per key
 * holds; topics keyed by subject with the Java client's partitioner, so other Kafka clients put
 * a subject in the same partition; consumer groups committing after each batch (at least once).
 * Records carry the CloudEvents Kafka binding in binary mode: `ce_` headers and the data as value.
 */
/** Where a group is to read a topic's partition from. */
interface Position {
  topic: string;
  partition: number;
  offset: string;
}

export class KafkaTransport implements EventTransport {
  private readonly consumers = new Set<RunningConsumer>();

  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly settings: KafkaSettings,
    private readonly dead: DeadLetterStore,
  ) {}

  static async connect(settings: KafkaSettings): Promise<KafkaTransport> {
    // Loaded here, not at the top: every app bundles this transport, but only a plein on Kafka
    // runs it, and loading kafkajs cost each app ~0.1 CPU-s of its start (ADR 0018).
    const { Kafka, logLevel, Partitioners } = (await import('kafkajs')).default;
    const kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      ssl: settings.ssl,
      sasl: settings.sasl as SASLOptions | undefined,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 10 },
    });
    const dead = await DeadLetterStore.open(settings.databaseUrl);
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    try {
      await admin.connect();
      await producer.connect();
    } catch (e) {
      await Promise.allSettled([admin.disconnect(), producer.disconnect(), dead.close()]);
      throw e;
    }
    return new KafkaTransport(kafka, admin, producer, settings, dead);
  }

  async ensureTopic(name: string, partitions: number): Promise<void> {
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: name, numPartitions: partitions, replicationFactor: this.settings.replicationFactor ?? 1 }],
    });
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, rs]) => ({
        topic,
        messages: rs.map((r) => ({ key: r.key, value: r.value, headers: r.headers ?? {} })),
      })),
    });
  }

  async consume(options: ConsumerOptions): Promise<RunningConsumer> {
    const sessionTimeout = this.settings.sessionTimeoutMs ?? 10_000;
    const consumer: Consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout * 2,
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 5)),
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 20 },
    });
    let assignment: string[] = [];
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      assignment = Object.entries(payload.memberAssignment).flatMap(([topic, ps]) => ps.map((p) => `${topic}/${p}`));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
        for (const m of batch.messages) {
          if (!isRunning() || isStale()) break;
          const record: DeliveredRecord = {
            topic: batch.topic,
            partition: batch.partition,
            offset: Number(m.offset),
            key: m.key?.toString() ?? null,
            value: m.value?.toString() ?? '',
            headers: headersOf(m.headers),
          };
          await deliverWithRetries(record, options, this.dead, heartbeat);
          resolveOffset(m.offset);
          await heartbeat();
        }
        // Committed per batch: a crash delivers at most this batch again, as with the embedded log.
        await commitOffsetsIfNecessary();
      },
    });
    const running: RunningConsumer = {
      assignment: () => [...assignment].sort(),
      stop: async () => {
        this.consumers.delete(running);
        assignment = [];
        await consumer.disconnect();
      },
    };
    this.consumers.add(running);
    return running;
  }

  async startAtEnd(groupId: string, topics: string[]): Promise<void> {
    const ends: Position[] = [];
    for (const topic of topics) {
      const unset = await this.uncommitted(groupId, topic);
      if (unset.size === 0) continue;
      for (const p of await this.admin.fetchTopicOffsets(topic))
        if (unset.has(p.partition)) ends.push({ topic, partition: p.partition, offset: p.high });
    }
    if (ends.length === 0) return;
    await this.commitAsNewGroup(groupId, ends);
    // Checked, not assumed: whatever did not take is set the admin's own (slower) way.
    for (const topic of new Set(ends.map((e) => e.topic))) {
      const unset = await this.uncommitted(groupId, topic);
      const partitions = ends.filter((e) => e.topic === topic && unset.has(e.partition));
      if (partitions.length > 0) await this.admin.setOffsets({ groupId, topic, partitions });
    }
  }

  private async uncommitted(groupId: string, topic: string): Promise<Set<number>> {
    const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return new Set((committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition));
  }

  /**
   * Commits positions for a group nobody is in, all topics at once. kafkajs's admin.setOffsets
   * does one topic a call, each through a consumer that joins, seeks, then waits out a whole
   * fetch of its paused topic (maxWaitTime, 5 s): a new Kafka subscription routed six plein topics
   * and took 30 s to answer. The same steps here, for every topic in one join, waiting 100 ms.
   */
  private async commitAsNewGroup(groupId: string, ends: Position[]): Promise<void> {
    const topics = [...new Set(ends.map((e) => e.topic))];
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      const { state } = await consumer.describeGroup();
      if (state !== 'Empty' && state !== 'Dead') throw new Error(`group ${groupId} has running members (${state}); its position is theirs`);
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.FETCH, () => void consumer.stop().then(resolve, reject));
        consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
        // Nothing is read: the seeks are committed, which is all a new group needs.
        consumer.pause(topics.map((topic) => ({ topic })));
        for (const e of ends) consumer.seek(e);
      });
    } finally {
      await consumer.disconnect();
    }
  }

  async seek(groupId: string, topic: string, partition: number, offset: number): Promise<void> {
    await this.admin.setOffsets({ groupId, topic, partitions: [{ partition, offset: String(offset) }] });
  }

  async seekToTime(groupId: string, topics: string[], time: Date): Promise<void> {
    for (const topic of topics) {
      const partitions = await this.admin.fetchTopicOffsetsByTimestamp(topic, time.getTime());
      await this.admin.setOffsets({ groupId, topic, partitions });
    }
  }

  deadLetters(groupId: string): Promise<DeadLetter[]> {
    return this.dead.list(groupId);
  }

  redeliver(groupId: string, deadLetterId: number, handle: (record: DeliveredRecord) => Promise<void>): Promise<boolean> {
    return this.dead.redeliver(groupId, deadLetterId, handle);
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    await this.dead.close();
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}
