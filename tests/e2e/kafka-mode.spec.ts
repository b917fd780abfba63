import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Kafka as CloudEventsKafka } from 'cloudevents';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { UWV } from '@plein/demo-population';
import { EventTypes } from '@plein/events';
import type { RunningPostgres } from '@plein/persistence';
import { INTEGRATOR_OIN, ZEIST_OIN } from '../../apps/idp/src/realm.js';
import { PLEIN_APPS } from '../../tools/plein/apps.js';
import { freePort } from '../support/ports.js';
import { scratchPostgres } from '../support/postgres.js';
import { ReplicatedApp } from '../support/replicas.js';
import { TestKafkaBroker } from '../support/kafka-broker/index.js';
import { serviceToken } from '../../tools/plein/tokens.js';
import { startPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const TOPIC = EventTypes.SUBGRAPH_PUBLISHED.topic;

/**
 * One setting switches the whole plein to Kafka: `npm start` with PLEIN_EVENTS=kafka and
 * KAFKA_BROKERS pointing at the Kafka-protocol test broker. The registry's outbox relays to
 * Kafka, and an integrator consumes with the consumer group its Kafka subscription names.
 * The database is external too (DATABASE_URL), as in production: nothing embedded but the
 * development identity provider.
 */
describe('the plein on Kafka and an external PostgreSQL', () => {
  let broker: TestKafkaBroker;
  let database: RunningPostgres;
  let plein: PleinUnderTest;
  const consumers: Consumer[] = [];
  const kafka = () => new Kafka({ clientId: 'e2e-integrator', brokers: [broker.address], logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    broker = await TestKafkaBroker.start({ autoCreateTopics: false });
    database = await scratchPostgres();
    plein = await startPlein({
      env: { PLEIN_EVENTS: 'kafka', KAFKA_BROKERS: broker.address, DATABASE_URL: database.url },
      pgPort: Number(new URL(database.url).port),
      households: 50,
    });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await plein?.stop();
    await broker?.stop();
    await database?.stop();
  }, 90_000);

  it('says so when it starts, and relays every start-up publication to the Kafka topic', async () => {
    expect(plein.manifest.events).toBe(`Kafka at ${broker.address}`);
    // registry, household, dispatcher, consent, catalogue, accountability and the seven agencies
    await eventually(() => broker.recordCount(TOPIC) >= 13, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(broker.recordCount(TOPIC)).toBe(13);
  }, 30_000);

  it("gives an integrator its organisation's own topic, filled only with what it may hear, and a consumer group to read it", async () => {
    const res = await plein.gql<{ subscribeKafka: { consumerGroup: string; topics: string[] } }>(
      'demo-integrator',
      'mutation($i: SubscribeKafkaInput!) { subscribeKafka(input: $i) { consumerGroup topics } }',
      { i: { types: [EventTypes.CONSENT_GRANTED.type] } },
    );
    expect(res.errors).toBeUndefined();
    const { consumerGroup, topics } = res.data!.subscribeKafka;
    expect(consumerGroup).toMatch(/^integrator\.00000001854378000000\.[0-9a-f-]{36}$/);
    expect(topics).toEqual([`integrator.${INTEGRATOR_OIN}`]);

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
    // Fatima consents to another organisation, then to the integrator's: only the second is its news.
    const grant = (granteeOrg: string) =>
      plein.gql<{ grantConsent: { id: string } }>(
        'fatima.elamrani',
        'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }',
        {
          i: {
            granteeOrg,
            purpose: 'schuldhulpverlening',
            categories: ['income'],
            validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        },
      );
    const other = (await grant(ZEIST_OIN)).data!.grantConsent.id;
    const own = (await grant(INTEGRATOR_OIN)).data!.grantConsent.id;
    await eventually(() => seen.some((s) => s.value.includes(own)), 20_000);
    const granted = seen.find((s) => s.value.includes(own))!;
    expect(granted.headers).toMatchObject({
      ce_type: EventTypes.CONSENT_GRANTED.type,
      ce_specversion: '1.0',
      ce_source: expect.stringMatching(/^urn:nld:oin:\d{20}$/),
      ce_subject: expect.stringMatching(/^urn:plein:pseudonym:/),
      'content-type': 'application/json',
    });
    // The official CloudEvents SDK reads it as an event (Kafka binding, binary mode).
    const parsed = CloudEventsKafka.toEvent({
      headers: granted.headers,
      key: null,
      value: granted.value,
      body: granted.value,
    } as never) as {
      type: string;
      data: unknown;
    };
    expect(parsed).toMatchObject({ type: EventTypes.CONSENT_GRANTED.type, data: { consentId: own, granteeOrg: INTEGRATOR_OIN } });
    expect(seen.some((s) => s.value.includes(other))).toBe(false);
    // Nothing but the organisation's own news is on its topic: no publication, no other grantee's consent.
    expect(seen.every((s) => (JSON.parse(s.value) as { granteeOrg?: string }).granteeOrg === INTEGRATOR_OIN)).toBe(true);

    // UWV announces something about Fatima: the integrator's organisation has her consent, so it is on its topic.
    const registered = await plein.gql(
      'uwv-publisher',
      'mutation($i: RegisterEventTypeInput!) { registerEventType(input: $i) { changed } }',
      {
        i: {
          type: 'nl.uwv.ww.toegekend.v1',
          summary: 'UWV kende een WW-uitkering toe.',
          category: 'income',
          aboutResident: true,
          schema: JSON.stringify({ type: 'object', properties: { regeling: { type: 'string' } } }),
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    const published = await fetch(`${plein.manifest.apps.find((a) => a.name === 'dispatcher')!.url}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await serviceToken(plein.manifest.keycloakUrl, 'uwv-publisher', 'dispatcher')}`,
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': 'kafka-mode-1',
        'ce-source': `urn:nld:oin:${UWV.oin}`,
        'ce-type': 'nl.uwv.ww.toegekend.v1',
        'ce-time': new Date().toISOString(),
        'plein-resident-bsn': plein.manifest.population.demoBsn,
      },
      body: JSON.stringify({ regeling: 'WW' }),
    });
    expect(published.status).toBe(202);
    const { id } = (await published.json()) as { id: string };
    const { value: announced } = await eventually(() => seen.find((s) => s.headers['ce_id'] === id), 20_000);
    expect(announced.headers).toMatchObject({ ce_type: 'nl.uwv.ww.toegekend.v1', ce_subject: granted.headers['ce_subject'] });
    expect(announced.headers['ce_dataref']).toContain(`/events/${id}/data`);
  }, 60_000);

  describe('replicas', () => {
    const REPLICATED = ['gateway', 'household', 'consent', 'dispatcher'];
    const VIEW = 'query($id: ID!) { household(id: $id) { incomeOverview { complete sources { agencyKey status } } } }';
    const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }';
    const replicas = new Map<string, ReplicatedApp>();

    beforeAll(async () => {
      for (const name of REPLICATED) {
        const app = plein.manifest.apps.find((a) => a.name === name)!;
        replicas.set(name, await ReplicatedApp.replace(name, app.url, app.pid));
      }
    }, 480_000);
    afterAll(async () => {
      await Promise.all([...replicas.values()].map((r) => r.stop()));
    }, 60_000);

    it('keeps answering views and delivers every webhook event (once, but for a killed dispatcher’s window) while one process of each app is killed and restarted', async () => {
      // An integrator's webhook, told of every consent granted to or revoked from its organisation.
      const deliveries: Array<{ id: string; type: string; consentId: string }> = [];
      const hook = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          deliveries.push({
            id: String(req.headers['webhook-id']),
            type: String(req.headers['ce-type']),
            consentId: JSON.parse(body).consentId,
          });
          res.writeHead(204).end();
        });
      });
      const hookPort = await freePort();
      await new Promise<void>((r) => hook.listen(hookPort, '127.0.0.1', r));
      const subscribed = await plein.gql(
        'demo-integrator',
        'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { secret } }',
        {
          i: { url: `http://127.0.0.1:${hookPort}/`, types: [EventTypes.CONSENT_GRANTED.type, EventTypes.CONSENT_REVOKED.type] },
        },
      );
      expect({ errors: subscribed.errors, log: subscribed.errors ? replicas.get('dispatcher')!.output.slice(-30) : [] }).toEqual({
        errors: undefined,
        log: [],
      });

      let running = true;
      const views = { asked: 0, answered: 0, retries: 0, failed: 0 };
      const expected: Array<{ type: string; consentId: string }> = [];
      const viewLoad = (async () => {
        while (running) {
          views.asked++;
          let ok = false;
          for (let attempt = 0; attempt < 20 && !ok; attempt++) {
            if (attempt > 0) {
              views.retries++;
              await new Promise((r) => setTimeout(r, 250));
            }
            const res = await plein
              .gql<{ household: { incomeOverview: { complete: boolean } } }>('klantmanager.utrecht', VIEW, {
                id: plein.manifest.population.demoHouseholdId,
              })
              .catch(() => undefined);
            ok = res?.data?.household?.incomeOverview.complete === true;
          }
          if (ok) views.answered++;
          else views.failed++;
        }
      })();
      const eventLoad = (async () => {
        while (running) {
          const granted = await plein
            .gql<{ grantConsent: { id: string } }>('fatima.elamrani', GRANT, {
              i: {
                granteeOrg: INTEGRATOR_OIN,
                purpose: 'vroegsignalering',
                categories: ['income'],
                validUntil: new Date(Date.now() + 86_400_000).toISOString(),
              },
            })
            .catch(() => undefined);
          // A steady stream, not a flood: a few events a second.
          await new Promise((r) => setTimeout(r, 100));
          const id = granted?.data?.grantConsent.id;
          if (!id) {
            await new Promise((r) => setTimeout(r, 250));
            continue;
          }
          expected.push({ type: EventTypes.CONSENT_GRANTED.type, consentId: id });
          for (let attempt = 0; attempt < 20; attempt++) {
            const revoked = await plein
              .gql('fatima.elamrani', 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id })
              .catch(() => undefined);
            if (revoked && !revoked.errors) {
              expected.push({ type: EventTypes.CONSENT_REVOKED.type, consentId: id });
              break;
            }
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      })();

      try {
        await new Promise((r) => setTimeout(r, 3_000));
        for (const name of REPLICATED) {
          await replicas.get(name)!.killAndRestart(0);
          await new Promise((r) => setTimeout(r, 3_000));
        }
      } finally {
        running = false;
        await Promise.all([viewLoad, eventLoad]);
      }
      // A killed dispatcher's partitions move to the other after the group's session timeout.
      const key = (e: { type: string; consentId: string }) => `${e.type} ${e.consentId}`;
      await eventually(() => expected.every((e) => deliveries.some((d) => key(d) === key(e))), 90_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1_000));
      hook.close();

      const ids = deliveries.map((d) => d.id);
      console.log(
        `replicas: ${views.asked} views (${views.answered} answered, ${views.retries} retries, ${views.failed} failed); ` +
          `${expected.length} consent events, ${deliveries.length} webhook deliveries, ${new Set(ids).size} distinct; ` +
          `restarted ${[...replicas.values()].map((r) => `${r.name} ×${r.restarts}`).join(', ')}`,
      );
      expect(views.failed).toBe(0);
      expect(views.answered).toBeGreaterThan(REPLICATED.length);
      expect(expected.length).toBeGreaterThan(4);
      expect(expected.filter((e) => !deliveries.some((d) => key(d) === key(e))).map(key)).toEqual([]);
      // Once per subscription, but for the one window docs/webhooks.md names: a dispatcher killed
      // after the receiver's 2xx and before its ledger mark; the event then comes again with the
      // same webhook-id. At most one such repeat per dispatcher kill.
      expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(replicas.get('dispatcher')!.restarts);
    }, 300_000);

    it('holds a revocation at both gateways (time printed), and migrated every schema once', async () => {
      const [a, b] = replicas.get('gateway')!.urls();
      const ask = async (gateway: string) => {
        const res = await fetch(`${gateway}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await plein.token('klantmanager.utrecht')}`,
            'x-plein-purpose': 'schuldhulpverlening',
          },
          body: JSON.stringify({ query: VIEW, variables: { id: plein.manifest.population.demoHouseholdId } }),
        });
        return ((await res.json()) as { data?: { household: { incomeOverview: { complete: boolean } } } }).data?.household.incomeOverview
          .complete;
      };
      // Both answer a whole view first. Just after the restarts, on a busy machine, a view can
      // come back with a source timed out (marked, not blanked); that is not what this test is about.
      await eventually(async () => (await ask(a!)) === true && (await ask(b!)) === true, 30_000);
      const consents = await plein.gql<{ myConsents: Array<{ id: string; status: string; granteeOrg: string; purpose: string }> }>(
        'yassin.elamrani',
        '{ myConsents { id status granteeOrg purpose } }',
      );
      const demo = consents.data!.myConsents.find((c) => c.status === 'ACTIVE' && c.purpose === 'schuldhulpverlening')!;
      const revoked = await plein.gql('yassin.elamrani', 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: demo.id });
      expect(revoked.errors).toBeUndefined();
      // That it holds at both is asserted; how fast (the one-second target) is printed, not timed here.
      const started = Date.now();
      await eventually(async () => (await ask(a!)) === false && (await ask(b!)) === false, 10_000);
      console.log(`replicas: revocation refused at both gateways after ${Date.now() - started} ms`);

      // The runtime migrated each schema once, as its owner; no replica applied anything.
      const db = new pg.Client({ connectionString: plein.databaseUrl });
      await db.connect();
      try {
        for (const app of PLEIN_APPS.filter((x) => x.database)) {
          const { rows } = await db.query<{ name: string }>(`SELECT name FROM "${app.database!.schema}".migrations`);
          expect(rows.map((r) => r.name).sort()).toEqual(app.database!.migrations.map((m) => new m().name ?? m.name).sort());
        }
      } finally {
        await db.end();
      }
    }, 60_000);
  });
});
