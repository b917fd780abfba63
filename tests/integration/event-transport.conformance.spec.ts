import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { EmbeddedLog, KafkaTransport, type DeliveredRecord, type EventTransport, type RunningConsumer } from '@plein/events';
import { TestKafkaBroker } from '../support/kafka-broker/index.js';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

type Opened = { transport: EventTransport; stop(): Promise<void> };

/**
 * What every transport of the plein must do, written against the port: the embedded log, the
 * Kafka transport through the real kafkajs client against the Kafka-protocol test broker, and
 * against a real Kafka cluster whenever KAFKA_BROKERS names one.
 */
const kafkaAt = async (brokers: string[], stopBroker: () => Promise<void>): Promise<Opened> => {
  const pg = await scratchPostgres();
  const transport = await KafkaTransport.connect({ brokers, clientId: 'conformance', databaseUrl: pg.url, sessionTimeoutMs: 3_000 });
  return { transport, stop: async () => (await transport.close(), await stopBroker(), await pg.stop()) };
};
const transports: Array<[string, () => Promise<Opened>]> = [
  [
    'embedded log',
    async () => {
      const pg = await scratchPostgres();
      const transport = await EmbeddedLog.open({ databaseUrl: pg.url, pollMs: 50 });
      return { transport, stop: async () => (await transport.close(), await pg.stop()) };
    },
  ],
  [
    'kafka (test broker)',
    async () => {
      const broker = await TestKafkaBroker.start({ autoCreateTopics: false });
      return kafkaAt([broker.address], () => broker.stop());
    },
  ],
];
if (process.env.KAFKA_BROKERS)
  transports.push(['kafka (KAFKA_BROKERS)', () => kafkaAt(process.env.KAFKA_BROKERS!.split(','), async () => undefined)]);

// Unique names per run, so the suite also runs against a long-lived cluster.
const RUN = randomBytes(3).toString('hex');
const topic = (name: string) => `conformance.${name}.${RUN}`;
const group = (name: string) => `g-${name}-${RUN}`;

describe.each(transports)('event transport conformance: %s', (_name, open) => {
  let env: Awaited<ReturnType<typeof open>>;
  let t: EventTransport;
  beforeAll(async () => {
    env = await open();
    t = env.transport;
  }, 60_000);
  afterAll(async () => env?.stop(), 60_000);

  const records = (topic: string, keys: string[], perKey: number) =>
    keys.flatMap((key) =>
      Array.from({ length: perKey }, (_, i) => ({ topic, key, value: `${key}:${i}`, headers: { ce_id: `${key}-${i}` } })),
    );

  it('delivers every record once to a group, in order per key, with key, value and headers', async () => {
    await t.ensureTopic(topic('order'), 4);
    const keys = Array.from({ length: 12 }, (_, i) => `subject-${i}`);
    await t.send(records(topic('order'), keys, 25));
    const seen: DeliveredRecord[] = [];
    const consumer = await t.consume({ groupId: group('order'), topics: [topic('order')], handle: async (r) => void seen.push(r) });
    await eventually(() => seen.length >= 300);
    await consumer.stop();
    expect(seen).toHaveLength(300);
    for (const key of keys) {
      const values = seen.filter((r) => r.key === key).map((r) => r.value);
      expect(values).toEqual(Array.from({ length: 25 }, (_, i) => `${key}:${i}`));
    }
    expect(seen[0]!.headers).toEqual({ ce_id: `${seen[0]!.key}-${seen[0]!.value.split(':')[1]}` });
    expect(new Set(seen.map((r) => r.partition)).size).toBeGreaterThan(1);
  }, 30_000);

  it('resumes a group after its committed offsets: nothing lost, nothing repeated', async () => {
    await t.ensureTopic(topic('resume'), 2);
    await t.send(records(topic('resume'), ['a', 'b', 'c'], 10));
    const first: string[] = [];
    let c = await t.consume({ groupId: group('resume'), topics: [topic('resume')], handle: async (r) => void first.push(r.value) });
    await eventually(() => first.length === 30);
    await c.stop();
    await t.send(records(topic('resume'), ['d'], 5));
    const second: string[] = [];
    c = await t.consume({ groupId: group('resume'), topics: [topic('resume')], handle: async (r) => void second.push(r.value) });
    await eventually(() => second.length === 5);
    await new Promise((r) => setTimeout(r, 300));
    await c.stop();
    expect(second.sort()).toEqual(['d:0', 'd:1', 'd:2', 'd:3', 'd:4']);
  }, 30_000);

  it('splits partitions across a group of two and rebalances when one leaves, losing and repeating nothing', async () => {
    await t.ensureTopic(topic('group'), 4);
    const seen = new Map<string, number>();
    const handle = async (r: DeliveredRecord) => void seen.set(r.value, (seen.get(r.value) ?? 0) + 1);
    const a: RunningConsumer = await t.consume({ groupId: group('pair'), topics: [topic('group')], handle });
    const b: RunningConsumer = await t.consume({ groupId: group('pair'), topics: [topic('group')], handle });
    await eventually(() => a.assignment().length === 2 && b.assignment().length === 2);
    expect([...a.assignment(), ...b.assignment()].sort()).toEqual([
      `${topic('group')}/0`,
      `${topic('group')}/1`,
      `${topic('group')}/2`,
      `${topic('group')}/3`,
    ]);
    const keys = Array.from({ length: 16 }, (_, i) => `k${i}`);
    await t.send(records(topic('group'), keys, 5));
    await eventually(() => seen.size === 80);
    await a.stop();
    await eventually(() => b.assignment().length === 4);
    await t.send(
      records(
        topic('group'),
        keys.map((k) => `${k}-late`),
        3,
      ),
    );
    await eventually(() => seen.size === 80 + 48);
    await new Promise((r) => setTimeout(r, 300));
    await b.stop();
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  }, 30_000);

  it('replays from an offset, in order', async () => {
    await t.ensureTopic(topic('replay'), 1);
    await t.send(records(topic('replay'), ['only'], 10));
    const first: string[] = [];
    let c = await t.consume({ groupId: group('replay'), topics: [topic('replay')], handle: async (r) => void first.push(r.value) });
    await eventually(() => first.length === 10);
    await c.stop();
    await t.seek(group('replay'), topic('replay'), 0, 6);
    const again: string[] = [];
    c = await t.consume({ groupId: group('replay'), topics: [topic('replay')], handle: async (r) => void again.push(r.value) });
    await eventually(() => again.length === 4);
    await c.stop();
    expect(again).toEqual(['only:6', 'only:7', 'only:8', 'only:9']);
  }, 30_000);

  it('replays from a time: everything appended at or after it, nothing before', async () => {
    await t.ensureTopic(topic('time'), 2);
    await t.send(records(topic('time'), ['a', 'b'], 3));
    await new Promise((r) => setTimeout(r, 1_100));
    const from = new Date();
    await new Promise((r) => setTimeout(r, 50));
    await t.send(records(topic('time'), ['a', 'b'], 2).map((r) => ({ ...r, value: `late-${r.value}` })));
    const all: string[] = [];
    let c = await t.consume({ groupId: group('time'), topics: [topic('time')], handle: async (r) => void all.push(r.value) });
    await eventually(() => all.length === 10);
    await c.stop();
    await t.seekToTime(group('time'), [topic('time')], from);
    const again: string[] = [];
    c = await t.consume({ groupId: group('time'), topics: [topic('time')], handle: async (r) => void again.push(r.value) });
    await eventually(() => again.length === 4);
    await new Promise((r) => setTimeout(r, 300));
    await c.stop();
    expect(again.sort()).toEqual(['late-a:0', 'late-a:1', 'late-b:0', 'late-b:1']);
  }, 30_000);

  it('starts a new group placed at the end with what comes next only; a group with a position keeps it', async () => {
    await t.ensureTopic(topic('end'), 2);
    await t.ensureTopic(topic('end2'), 1);
    await t.send(records(topic('end'), ['a', 'b'], 3));
    await t.send(records(topic('end2'), ['x'], 2));
    // Placed at the end of two topics at once, as the dispatcher places an organisation's route.
    await t.startAtEnd(group('end'), [topic('end'), topic('end2')]);
    await t.send(records(topic('end'), ['c'], 2));
    await t.send(records(topic('end2'), ['y'], 1));
    const seen: string[] = [];
    const c = await t.consume({
      groupId: group('end'),
      topics: [topic('end'), topic('end2')],
      handle: async (r) => void seen.push(r.value),
    });
    await eventually(() => seen.length === 3);
    await c.stop();
    await t.startAtEnd(group('end'), [topic('end')]);
    await t.send(records(topic('end'), ['d'], 1));
    const later: string[] = [];
    const d = await t.consume({ groupId: group('end'), topics: [topic('end')], handle: async (r) => void later.push(r.value) });
    await eventually(() => later.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    await d.stop();
    expect(seen.sort()).toEqual(['c:0', 'c:1', 'y:0']);
    expect(later).toEqual(['d:0']);
  }, 30_000);

  it('sends a poison record to the dead letters after capped retries and keeps the partition moving', async () => {
    await t.ensureTopic(topic('poison'), 1);
    await t.send([{ topic: topic('poison'), key: 'p', value: 'poison' }, ...records(topic('poison'), ['p'], 3)]);
    const ok: string[] = [];
    let attempts = 0;
    const c = await t.consume({
      groupId: group('poison'),
      topics: [topic('poison')],
      maxAttempts: 3,
      handle: async (r) => {
        if (r.value === 'poison') {
          attempts++;
          throw new Error('cannot parse');
        }
        ok.push(r.value);
      },
    });
    await eventually(() => ok.length === 3);
    await c.stop();
    expect(attempts).toBe(3);
    expect(ok).toEqual(['p:0', 'p:1', 'p:2']);
    expect(await t.deadLetters(group('poison'))).toEqual([
      { id: expect.any(Number), topic: topic('poison'), partition: 0, offset: 0, error: 'cannot parse', attempts: 3 },
    ]);
  }, 30_000);
});
