import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmbeddedLog, type DeliveredRecord, type EventTransport, type RunningConsumer } from '@plein/events';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

/**
 * What every transport of the plein must do, written against the port. It runs on the
 * embedded log here; the Kafka transport joins it once the Kafka-protocol test broker exists.
 */
const transports: Array<[string, () => Promise<{ transport: EventTransport; stop(): Promise<void> }>]> = [
  [
    'embedded log',
    async () => {
      const pg = await scratchPostgres();
      const transport = await EmbeddedLog.open({ databaseUrl: pg.url, pollMs: 50, sessionTimeoutMs: 1_500 });
      return { transport, stop: async () => (await transport.close(), await pg.stop()) };
    },
  ],
];

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
    await t.ensureTopic('conformance.order', 4);
    const keys = Array.from({ length: 12 }, (_, i) => `subject-${i}`);
    await t.send(records('conformance.order', keys, 25));
    const seen: DeliveredRecord[] = [];
    const consumer = await t.consume({ groupId: 'g-order', topics: ['conformance.order'], handle: async (r) => void seen.push(r) });
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
    await t.ensureTopic('conformance.resume', 2);
    await t.send(records('conformance.resume', ['a', 'b', 'c'], 10));
    const first: string[] = [];
    let c = await t.consume({ groupId: 'g-resume', topics: ['conformance.resume'], handle: async (r) => void first.push(r.value) });
    await eventually(() => first.length === 30);
    await c.stop();
    await t.send(records('conformance.resume', ['d'], 5));
    const second: string[] = [];
    c = await t.consume({ groupId: 'g-resume', topics: ['conformance.resume'], handle: async (r) => void second.push(r.value) });
    await eventually(() => second.length === 5);
    await new Promise((r) => setTimeout(r, 300));
    await c.stop();
    expect(second.sort()).toEqual(['d:0', 'd:1', 'd:2', 'd:3', 'd:4']);
  }, 30_000);

  it('splits partitions across a group of two and rebalances when one leaves, losing and repeating nothing', async () => {
    await t.ensureTopic('conformance.group', 4);
    const seen = new Map<string, number>();
    const handle = async (r: DeliveredRecord) => void seen.set(r.value, (seen.get(r.value) ?? 0) + 1);
    const a: RunningConsumer = await t.consume({ groupId: 'g-pair', topics: ['conformance.group'], handle });
    const b: RunningConsumer = await t.consume({ groupId: 'g-pair', topics: ['conformance.group'], handle });
    await eventually(() => a.assignment().length === 2 && b.assignment().length === 2);
    expect([...a.assignment(), ...b.assignment()].sort()).toEqual([
      'conformance.group/0',
      'conformance.group/1',
      'conformance.group/2',
      'conformance.group/3',
    ]);
    const keys = Array.from({ length: 16 }, (_, i) => `k${i}`);
    await t.send(records('conformance.group', keys, 5));
    await eventually(() => seen.size === 80);
    await a.stop();
    await eventually(() => b.assignment().length === 4);
    await t.send(
      records(
        'conformance.group',
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
    await t.ensureTopic('conformance.replay', 1);
    await t.send(records('conformance.replay', ['only'], 10));
    const first: string[] = [];
    let c = await t.consume({ groupId: 'g-replay', topics: ['conformance.replay'], handle: async (r) => void first.push(r.value) });
    await eventually(() => first.length === 10);
    await c.stop();
    await (t as EmbeddedLog).seek('g-replay', 'conformance.replay', 0, 6);
    const again: string[] = [];
    c = await t.consume({ groupId: 'g-replay', topics: ['conformance.replay'], handle: async (r) => void again.push(r.value) });
    await eventually(() => again.length === 4);
    await c.stop();
    expect(again).toEqual(['only:6', 'only:7', 'only:8', 'only:9']);
  }, 30_000);

  it('sends a poison record to the dead letters after capped retries and keeps the partition moving', async () => {
    await t.ensureTopic('conformance.poison', 1);
    await t.send([{ topic: 'conformance.poison', key: 'p', value: 'poison' }, ...records('conformance.poison', ['p'], 3)]);
    const ok: string[] = [];
    let attempts = 0;
    const c = await t.consume({
      groupId: 'g-poison',
      topics: ['conformance.poison'],
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
    expect(await (t as EmbeddedLog).deadLetters('g-poison')).toEqual([
      { id: expect.any(Number), topic: 'conformance.poison', partition: 0, offset: 0, error: 'cannot parse', attempts: 3 },
    ]);
  }, 30_000);
});
