import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type Producer, type SASLOptions } from 'kafkajs';
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
    for (const topic of topics) {
      const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      const unset = new Set((committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition));
      if (unset.size === 0) continue;
      const ends = await this.admin.fetchTopicOffsets(topic);
      const partitions = ends.filter((p) => unset.has(p.partition)).map((p) => ({ partition: p.partition, offset: p.high }));
      await this.admin.setOffsets({ groupId, topic, partitions });
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
