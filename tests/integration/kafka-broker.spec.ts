import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel, Partitioners, type Consumer, type EachMessagePayload } from 'kafkajs';
import { KafkaTransport, type DeliveredRecord } from '@plein/events';
import type { RunningPostgres } from '@plein/persistence';
import { createRequire } from 'node:module';
import { ErrorCode, TestKafkaBroker } from '../support/kafka-broker/index.js';
import { PartitionLog } from '../support/kafka-broker/partition-log.js';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

// kafkajs's own encoders, not part of its typed API: the batches the broker must accept.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch(options: Record<string, unknown>): Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (options: Record<string, unknown>) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number): unknown };

/**
 * The Kafka-protocol test broker, driven by the real, unmodified kafkajs client, and the
 * plein's Kafka transport under every fault the broker can inject.
 */
describe('Kafka-protocol test broker with kafkajs', () => {
  let broker: TestKafkaBroker;
  let kafka: Kafka;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    broker = await TestKafkaBroker.start({ autoCreateTopics: false });
    kafka = new Kafka({
      clientId: 'broker-test',
      brokers: [broker.address],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 50 },
    });
  });
  afterEach(async () => {
    broker.faults.clear();
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });
  afterAll(async () => broker?.stop());

  const createTopic = async (topic: string, numPartitions: number) => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
    await admin.disconnect();
  };
  const consume = async (groupId: string, topic: string, onMessage: (p: EachMessagePayload) => void) => {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 3_000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommitThreshold: 1, eachMessage: async (p) => onMessage(p) });
    return consumer;
  };

  it('carries keys, values and headers through several partitions, in order per key', async () => {
    await createTopic('broker.basic', 3);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const keys = ['anna', 'bram', 'cees', 'dirk', 'eva', 'fleur'];
    await producer.send({
      topic: 'broker.basic',
      messages: keys.flatMap((key) =>
        [0, 1, 2].map((i) => ({ key, value: `${key}-${i}`, headers: { ce_id: `${key}:${i}`, ce_type: 'test' } })),
      ),
    });
    await producer.disconnect();

    const seen: Array<{ partition: number; key: string; value: string; id: string }> = [];
    await consume('g-basic', 'broker.basic', ({ partition, message }) =>
      seen.push({ partition, key: message.key!.toString(), value: message.value!.toString(), id: message.headers!.ce_id!.toString() }),
    );
    await eventually(() => seen.length === 18);
    for (const key of keys) {
      const mine = seen.filter((s) => s.key === key);
      expect(mine.map((s) => s.value)).toEqual([`${key}-0`, `${key}-1`, `${key}-2`]);
      expect(mine.map((s) => s.id)).toEqual([`${key}:0`, `${key}:1`, `${key}:2`]);
      expect(new Set(mine.map((s) => s.partition)).size).toBe(1);
    }
    expect(new Set(seen.map((s) => s.partition)).size).toBeGreaterThan(1);
  }, 30_000);

  it('rebalances a group of two when one member leaves; committed work is neither lost nor repeated', async () => {
    await createTopic('broker.group', 4);
    const producer = kafka.producer();
    await producer.connect();
    const send = (prefix: string, n: number) =>
      producer.send({ topic: 'broker.group', messages: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${prefix}${i}` })) });
    const counts = new Map<string, number>();
    const count = ({ message }: EachMessagePayload) =>
      void counts.set(message.value!.toString(), (counts.get(message.value!.toString()) ?? 0) + 1);
    const first = await consume('g-pair', 'broker.group', count);
    await consume('g-pair', 'broker.group', count);
    await eventually(() => broker.groupMembers('g-pair').length === 2);
    await send('a', 40);
    await eventually(() => counts.size === 40);

    await first.disconnect();
    consumers.splice(consumers.indexOf(first), 1);
    await eventually(() => broker.groupMembers('g-pair').length === 1);
    await send('b', 40);
    await eventually(() => counts.size === 80, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    await producer.disconnect();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 40_000);

  it('writes each record of an idempotent producer once when its connection drops after the broker wrote a batch', async () => {
    await createTopic('broker.idempotent', 2);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    broker.faults.dropNext('Produce', 'after');
    await producer.send({
      topic: 'broker.idempotent',
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    });
    broker.faults.dropNext('Produce', 'after');
    await producer.send({
      topic: 'broker.idempotent',
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `w${i}` })),
    });
    await producer.disconnect();
    expect(broker.faults.pending()).toBe(0);
    expect(broker.requests.get('Produce')).toBeGreaterThanOrEqual(4); // both sends were retried
    expect(broker.recordCount('broker.idempotent')).toBe(20);
  }, 30_000);

  it('acknowledges a duplicate batch without writing it, and refuses one out of sequence or with a bad CRC', async () => {
    // Batches encoded by kafkajs's own record-batch encoder, as its producer sends them.
    const encode = async (firstSequence: number, values: string[]) => {
      const batch = await RecordBatch({
        producerId: Long.fromValue(7),
        firstSequence,
        lastOffsetDelta: values.length - 1,
        records: values.map((v, i) => Record({ offsetDelta: i, value: Buffer.from(v) })),
      });
      return batch.buffer;
    };
    const log = new PartitionLog();
    const known = (id: bigint) => id === 7n;
    expect(log.append(await encode(0, ['a', 'b']), known)).toEqual({ error: ErrorCode.NONE, baseOffset: 0n });
    expect(log.append(await encode(2, ['c']), known)).toEqual({ error: ErrorCode.NONE, baseOffset: 2n });
    expect(log.append(await encode(0, ['a', 'b']), known)).toMatchObject({ error: ErrorCode.NONE, baseOffset: 0n, duplicate: true });
    expect(log.append(await encode(5, ['x']), known)).toMatchObject({ error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    const corrupt = await encode(3, ['d']);
    corrupt[corrupt.length - 1] ^= 0xff;
    expect(log.append(corrupt, known)).toMatchObject({ error: ErrorCode.CORRUPT_MESSAGE, message: 'record batch CRC mismatch' });
    expect(log.append(await encode(3, ['d']), () => false)).toMatchObject({ error: ErrorCode.UNKNOWN_PRODUCER_ID });
    expect(log.recordCount).toBe(3);
    expect(log.endOffset).toBe(3n);
  });
});

describe("the plein's Kafka transport under broker faults", () => {
  let broker: TestKafkaBroker;
  let pg: RunningPostgres;
  let transport: KafkaTransport;

  beforeAll(async () => {
    broker = await TestKafkaBroker.start({ autoCreateTopics: false });
    pg = await scratchPostgres();
    transport = await KafkaTransport.connect({
      brokers: [broker.address],
      clientId: 'faults',
      databaseUrl: pg.url,
      sessionTimeoutMs: 3_000,
    });
  }, 60_000);
  afterAll(async () => {
    await transport?.close();
    await broker?.stop();
    await pg?.stop();
  }, 60_000);

  it('delivers every record, each written once, through dropped connections, delays, retriable errors and a broker restart', async () => {
    const topic = 'plein.faults';
    await transport.ensureTopic(topic, 3);
    const seen = new Map<string, number>();
    const consumer = await transport.consume({
      groupId: 'g-faults',
      topics: [topic],
      handle: async (r: DeliveredRecord) => void seen.set(r.value, (seen.get(r.value) ?? 0) + 1),
    });
    let n = 0;
    const batch = () =>
      transport.send(
        Array.from({ length: 10 }, () => ({ topic, key: `subject-${n % 7}`, value: String(n++), headers: { ce_id: String(n) } })),
      );

    await batch();
    broker.faults.dropNext('Produce', 'after');
    await batch();
    broker.faults.failNext('Produce', ErrorCode.NOT_LEADER_OR_FOLLOWER, 2);
    await batch();
    broker.faults.delayMs = 300;
    await batch();
    broker.faults.delayMs = 0;
    broker.faults.failNext('FindCoordinator', ErrorCode.COORDINATOR_NOT_AVAILABLE, 2);
    broker.faults.failNext('Heartbeat', ErrorCode.COORDINATOR_NOT_AVAILABLE, 1);
    broker.faults.failNext('Fetch', ErrorCode.NOT_LEADER_OR_FOLLOWER, 2);
    await batch();
    broker.dropConnections();
    await batch();
    await broker.restart(500);
    await batch();

    // Should this ever time out, it says which records are missing and where the consumer stands.
    await eventually(() => seen.size === 70, 30_000).catch((e: Error) => {
      const missing = Array.from({ length: 70 }, (_, i) => String(i)).filter((v) => !seen.has(v));
      throw new Error(
        `${e.message}: ${seen.size} of 70 seen; missing ${missing.join(', ')}; consumer holds [${consumer.assignment().join(', ')}]; faults still pending ${broker.faults.pending()}`,
      );
    });
    expect(broker.faults.pending()).toBe(0); // every injected fault was hit
    await new Promise((r) => setTimeout(r, 500));
    await consumer.stop();
    expect([...seen.keys()].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect(broker.recordCount(topic)).toBe(70);
    expect(await transport.deadLetters('g-faults')).toEqual([]);
  }, 90_000);
});
