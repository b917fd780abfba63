import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka as CloudEventsKafka } from 'cloudevents';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { EventTypes } from '@plein/events';
import { TestKafkaBroker } from '../support/kafka-broker/index.js';
import { startPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const TOPIC = EventTypes.SUBGRAPH_PUBLISHED.topic;

/**
 * One setting switches the whole plein to Kafka: `npm start` with PLEIN_EVENTS=kafka and
 * KAFKA_BROKERS pointing at the Kafka-protocol test broker. The registry's outbox relays to
 * Kafka, and an integrator consumes with the consumer group its Kafka subscription names.
 */
describe('the plein on Kafka', () => {
  let broker: TestKafkaBroker;
  let plein: PleinUnderTest;
  const consumers: Consumer[] = [];
  const kafka = () => new Kafka({ clientId: 'e2e-integrator', brokers: [broker.address], logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    broker = await TestKafkaBroker.start({ autoCreateTopics: false });
    plein = await startPlein({ env: { PLEIN_EVENTS: 'kafka', KAFKA_BROKERS: broker.address }, households: 50 });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await plein?.stop();
    await broker?.stop();
  }, 60_000);

  it('says so when it starts, and relays every start-up publication to the Kafka topic', async () => {
    expect(plein.manifest.events).toBe(`Kafka at ${broker.address}`);
    // registry, household, dispatcher, consent, catalogue and the seven agencies
    await eventually(() => broker.recordCount(TOPIC) >= 12, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(broker.recordCount(TOPIC)).toBe(12);
  }, 30_000);

  it('gives an integrator a consumer group of its own; with it, the integrator reads the events over Kafka', async () => {
    const res = await plein.gql<{ subscribeKafka: { consumerGroup: string; topics: string[] } }>(
      'demo-integrator',
      'mutation($i: SubscribeKafkaInput!) { subscribeKafka(input: $i) { consumerGroup topics } }',
      { i: { types: [EventTypes.SUBGRAPH_PUBLISHED.type] } },
    );
    expect(res.errors).toBeUndefined();
    const { consumerGroup, topics } = res.data!.subscribeKafka;
    expect(consumerGroup).toMatch(/^integrator\.00000001854378000000\.[0-9a-f-]{36}$/);
    expect(topics).toEqual([TOPIC]);

    const seen: Array<{ headers: Record<string, string>; value: string }> = [];
    const consumer = kafka().consumer({ groupId: consumerGroup, maxWaitTimeInMs: 200 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.push({
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          value: message.value!.toString(),
        }),
    });
    await eventually(() => seen.some((s) => s.value.includes('"household"')), 15_000);
    const household = seen.find((s) => s.value.includes('"household"'))!;
    expect(household.headers).toMatchObject({
      ce_type: EventTypes.SUBGRAPH_PUBLISHED.type,
      ce_specversion: '1.0',
      ce_source: expect.stringMatching(/^urn:nld:oin:\d{20}$/),
      ce_id: expect.any(String),
      'content-type': 'application/json',
    });
    expect(JSON.parse(household.value)).toMatchObject({ subgraph: 'household' });
    // The official CloudEvents SDK reads it as an event (Kafka binding, binary mode).
    const parsed = CloudEventsKafka.toEvent({
      headers: household.headers,
      key: null,
      value: household.value,
      body: household.value,
    } as never) as {
      type: string;
      data: unknown;
    };
    expect(parsed).toMatchObject({ type: EventTypes.SUBGRAPH_PUBLISHED.type, data: { subgraph: 'household' } });
  }, 40_000);
});
