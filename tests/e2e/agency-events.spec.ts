import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HTTP } from 'cloudevents';
import pg from 'pg';
import { DEMO_INTEGRATOR, GEMEENTE, SVB, UWV, WOONCORP } from '@plein/demo-population';
import { arrearsSignalSchema, caseStatusSchema, outboxDatabase, verifyDelivery } from '@plein/events';
import { PURPOSE_HEADER } from '@plein/consent-client';
import { createDataSource } from '@plein/persistence';
import { enqueueAgencyEvent } from '@plein/subgraph-kit';
import { serviceToken } from '../../tools/plein/tokens.js';
import { freePort } from '../support/ports.js';
import { grantConsent, sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const run = promisify(execFile);
const TYPE = 'nl.uwv.ww.toegekend.v1';
const NOTICE = 'nl.uwv.ww.tarieven-gewijzigd.v1';
const RESIDENT = 'fatima.elamrani';
const BASIS_HOLDER = 'demo-integrator';
const NO_BASIS = 'wooncorp-integrator';
const REGISTER =
  'mutation($i: RegisterEventTypeInput!, $d: Boolean) { registerEventType(input: $i, dryRun: $d) { changed eventType { revision topic } } }';
const SCHEMA = {
  type: 'object',
  required: ['regeling', 'ingangsdatum'],
  properties: {
    regeling: { type: 'string', enum: ['WW'] },
    ingangsdatum: { type: 'string', format: 'date' },
    dagloonCents: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
};

interface Received {
  headers: Record<string, string>;
  body: string;
  event: { id: string; type: string; source: string; subject?: string; dataref?: string; data?: unknown };
}

/** An integrator's endpoint on loopback that keeps what arrived. */
async function receiver() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const headers = req.headers as Record<string, string>;
      // The CloudEvents HTTP binding in binary mode, read as an integrator's SDK reads it.
      received.push({ headers, body, event: HTTP.toEvent({ headers, body }) as unknown as Received['event'] });
      res.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

describe('organisations publish events about residents; the plein delivers them only on a basis', () => {
  let plein: PleinUnderTest;
  let db: pg.Client;
  let dispatcherUrl: string;
  let registryUrl: string;
  let withBasis: Awaited<ReturnType<typeof receiver>>;
  let without: Awaited<ReturnType<typeof receiver>>;
  const secrets: Record<string, string> = {};
  const subscriptionIds: Record<string, string> = {};
  /** Who made each subscription: ended when the file is done, as the other files on this plein expect. */
  const subscribers: Record<string, string> = {};
  let fatimaBsn: string;

  const token = (client: string, audience: string) => serviceToken(plein.manifest.keycloakUrl, client, audience);
  /** A CloudEvent over the HTTP binding in binary mode, as a publisher's system sends it. */
  const publish = async (opts: {
    client?: string;
    type?: string;
    source?: string;
    bsn?: string | null;
    data?: unknown;
    id?: string;
    extra?: Record<string, string>;
  }) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await token(opts.client ?? 'uwv-publisher', 'dispatcher')}`,
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': opts.id ?? randomUUID(),
      'ce-source': opts.source ?? `urn:nld:oin:${UWV.oin}`,
      'ce-type': opts.type ?? TYPE,
      'ce-time': new Date().toISOString(),
      ...(opts.bsn === null ? {} : { 'plein-resident-bsn': opts.bsn ?? fatimaBsn }),
      ...opts.extra,
    };
    const res = await fetch(`${dispatcherUrl}/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify(opts.data ?? { regeling: 'WW', ingangsdatum: '2026-12-01', dagloonCents: 9_850 }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const subscribe = async (who: string, url: string) => {
    const res = await plein.gql<{ subscribeWebhook: { secret: string; subscription: { id: string } } }>(
      who,
      'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { secret subscription { id } } }',
      { i: { url, types: [TYPE, NOTICE] } },
    );
    expect(res.errors).toBeUndefined();
    secrets[url] = res.data!.subscribeWebhook.secret;
    subscriptionIds[url] = res.data!.subscribeWebhook.subscription.id;
    subscribers[url] = who;
  };
  /** The subscription's consumer has read past the event on the log (delivered it, or decided not to). */
  const handled = async (url: string, eventId: string) => {
    const at = await db.query(`SELECT topic, partition, "offset" FROM eventlog.record WHERE headers->>'ce_id' = $1`, [eventId]);
    // Accepted is committed with the outbox; the relay puts it on the log a moment later.
    if (at.rows.length === 0) return false;
    const { topic, partition, offset } = at.rows[0] as { topic: string; partition: number; offset: string };
    const position = await db.query(
      `SELECT next_offset FROM eventlog.consumer_offset WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [`webhook:${subscriptionIds[url]}`, topic, partition],
    );
    return Number((position.rows[0] as { next_offset: string } | undefined)?.next_offset ?? -1) > Number(offset);
  };
  /** Fatima consents to Stichting Vroeg Eropaf (the demo integrator's organisation) seeing her income from UWV. */
  const consentOfFatimaForTheIntegrator = () =>
    grantConsent(plein, RESIDENT, {
      granteeOrg: DEMO_INTEGRATOR.oin,
      purpose: 'schuldhulpverlening',
      categories: ['income'],
      sources: ['uwv'],
    });
  /** The dispatcher's processing log written before this file's tests acted. */
  let logFrom = 0;
  const lastLogSeq = async () =>
    Number(((await db.query('SELECT coalesce(max(seq), 0) AS n FROM dispatcher.processing_log')).rows[0] as { n: string }).n);
  const published = async () =>
    Number(((await db.query('SELECT count(*) AS n FROM dispatcher.published_event')).rows[0] as { n: string }).n);

  beforeAll(async () => {
    plein = await sharedPlein();
    fatimaBsn = plein.manifest.population.demoBsn;
    dispatcherUrl = plein.manifest.apps.find((a) => a.name === 'dispatcher')!.url;
    registryUrl = plein.manifest.registryUrl;
    db = new pg.Client({ connectionString: plein.databaseUrl });
    await db.connect();
    [withBasis, without] = await Promise.all([receiver(), receiver()]);
  }, 180_000);
  afterAll(async () => {
    for (const [url, who] of Object.entries(subscribers))
      await plein.gql(who, 'mutation($id: ID!) { unsubscribe(id: $id) }', { id: subscriptionIds[url] });
    await db?.end();
    await Promise.all([withBasis?.close(), without?.close()]);
    await plein?.stop();
  }, 60_000);

  it('an agency registers the types it publishes; changes that would break subscribers are refused; nobody else can claim them', async () => {
    const input = {
      type: TYPE,
      summary: 'UWV kende een WW-uitkering toe.',
      category: 'income',
      aboutResident: true,
      schema: JSON.stringify(SCHEMA),
    };
    const dry = await plein.gql<{ registerEventType: { changed: boolean } }>('uwv-publisher', REGISTER, { i: input, d: true });
    expect(dry.data?.registerEventType.changed).toBe(true);
    const first = await plein.gql<{ registerEventType: { changed: boolean; eventType: { revision: number; topic: string } } }>(
      'uwv-publisher',
      REGISTER,
      { i: input },
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerEventType.eventType).toEqual({ revision: 1, topic: 'plein.agencies' });
    const again = await plein.gql<{ registerEventType: { changed: boolean } }>('uwv-publisher', REGISTER, { i: input });
    expect(again.data!.registerEventType.changed).toBe(false);

    const withoutDagloon = {
      ...SCHEMA,
      properties: { regeling: SCHEMA.properties.regeling, ingangsdatum: SCHEMA.properties.ingangsdatum },
    };
    const breaking = await plein.gql('uwv-publisher', REGISTER, { i: { ...input, schema: JSON.stringify(withoutDagloon) } });
    expect(breaking.errors?.[0]?.extensions?.['code']).toBe('BREAKING_EVENT_TYPE');
    expect(breaking.errors?.[0]?.message).toContain('data.dagloonCents: removed');
    const moved = await plein.gql('uwv-publisher', REGISTER, { i: { ...input, category: 'household' } });
    expect(moved.errors?.[0]?.message).toContain('category income became household');

    const grown = { ...SCHEMA, properties: { ...SCHEMA.properties, einddatum: { type: 'string', format: 'date' } } };
    const compatible = await plein.gql<{ registerEventType: { eventType: { revision: number } } }>('uwv-publisher', REGISTER, {
      i: { ...input, schema: JSON.stringify(grown) },
    });
    expect(compatible.data?.registerEventType.eventType.revision).toBe(2);

    const claimed = await plein.gql(`${SVB.key}-publisher`, REGISTER, { i: input });
    expect(claimed.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const bsnField = await plein.gql('uwv-publisher', REGISTER, {
      i: { ...input, type: 'nl.uwv.ww.geweigerd.v1', schema: JSON.stringify({ type: 'object', properties: { bsn: { type: 'string' } } }) },
    });
    expect(bsnField.errors?.[0]?.extensions?.['code']).toBe('INVALID_EVENT_TYPE');
    expect(bsnField.errors?.[0]?.message).toContain('bsn would carry a BSN');

    const notice = await plein.gql('uwv-publisher', REGISTER, {
      i: {
        type: NOTICE,
        summary: 'UWV paste de WW-tarieven aan voor iedereen.',
        category: 'income',
        aboutResident: false,
        schema: JSON.stringify({ type: 'object', properties: { per: { type: 'string' } } }),
      },
    });
    expect(notice.errors).toBeUndefined();

    // In the catalogue, UWV's services now say what UWV publishes; another agency's say nothing of it.
    const catalogue = await plein.gql<{
      lifeSituations: Array<{ services: Array<{ agencyKey: string; eventTypes: Array<{ type: string }> }> }>;
    }>(BASIS_HOLDER, '{ lifeSituations { services { agencyKey eventTypes { type } } } }');
    expect(catalogue.errors).toBeUndefined();
    const services = catalogue.data!.lifeSituations.flatMap((l) => l.services);
    expect(services.find((x) => x.agencyKey === 'uwv')?.eventTypes.map((t) => t.type)).toContain(TYPE);
    expect(services.filter((x) => x.agencyKey !== 'uwv').flatMap((x) => x.eventTypes.map((t) => t.type))).not.toContain(TYPE);

    // What an integrator finds to subscribe to (the dispatcher holds the registry's list for up to
    // 5 s), and the AsyncAPI document generated from the live list.
    const listed = async () => {
      const types = await plein.gql<{
        eventTypes: Array<{ type: string; publisher: string | null; category: string | null; aboutResident: boolean }>;
      }>(BASIS_HOLDER, '{ eventTypes { type publisher category aboutResident } }');
      return types.data?.eventTypes.find((t) => t.type === TYPE);
    };
    const { value: listedType } = await eventually(listed, 10_000);
    expect(listedType).toEqual({ type: TYPE, publisher: 'uwv', category: 'income', aboutResident: true });
    const asyncapi = (await (await fetch(`${registryUrl}/asyncapi.json`)).json()) as {
      components: { messages: Record<string, { name: string; payload: unknown }> };
    };
    const message = Object.values(asyncapi.components.messages).find((m) => m.name === TYPE);
    expect(message?.payload).toMatchObject({ properties: { einddatum: { format: 'date' } } });
  });

  it('refuses a bad event with every reason, and stores nothing of it', async () => {
    await subscribe(BASIS_HOLDER, withBasis.url);
    await subscribe(NO_BASIS, without.url);
    // The plein is shared with other test files: what this test may not add is counted from here,
    // and the dispatcher's log read from here on.
    const publishedBefore = await published();
    logFrom = await lastLogSeq();
    const failing11Proef = await publish({ bsn: '123456789' });
    expect(failing11Proef.status).toBe(400);
    expect(JSON.stringify(failing11Proef.body)).toContain('fails the 11-proef');
    expect(JSON.stringify(failing11Proef.body)).not.toContain('123456789');
    const offContract = await publish({ data: { regeling: 'AOW' } });
    expect(offContract.status).toBe(400);
    expect(offContract.body['problems']).toEqual(
      expect.arrayContaining([expect.stringContaining('ingangsdatum'), expect.stringContaining('data.regeling')]),
    );
    const bsnInside = await publish({ data: { regeling: 'WW', ingangsdatum: '2026-12-01', note: fatimaBsn } });
    expect(bsnInside.status).toBe(400);
    const bsnAsSubject = await publish({ extra: { 'ce-subject': fatimaBsn } });
    expect(JSON.stringify(bsnAsSubject.body)).toContain('looks like a BSN');
    expect((await publish({ source: `urn:nld:oin:${SVB.oin}` })).status).toBe(403);
    expect((await publish({ client: `${SVB.key}-publisher`, source: `urn:nld:oin:${SVB.oin}` })).status).toBe(403);
    expect((await publish({ bsn: null })).status).toBe(400);
    const unregistered = await publish({ type: 'nl.uwv.ww.verzonnen.v1' });
    expect(JSON.stringify(unregistered.body)).toContain('not registered');
    const anonymous = await fetch(`${dispatcherUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    const asIntegrator = await fetch(`${dispatcherUrl}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(NO_BASIS, 'dispatcher')}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(asIntegrator.status).toBe(403);
    expect(await published()).toBe(publishedBefore);
    const logged = await db.query(`SELECT count(*) AS n FROM eventlog.record WHERE value LIKE $1 OR headers::text LIKE $1`, [
      `%${fatimaBsn}%`,
    ]);
    expect(Number((logged.rows[0] as { n: string }).n)).toBe(0);
  });

  it('delivers an event about a resident only to an organisation with her consent, logs it, and gives its details by dataref on the same basis', async () => {
    const consentId = await consentOfFatimaForTheIntegrator();

    // Structured mode this time: the whole event as application/cloudevents+json.
    const eventId = randomUUID();
    const postStructured = async () =>
      fetch(`${dispatcherUrl}/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await token('uwv-publisher', 'dispatcher')}`,
          'content-type': 'application/cloudevents+json',
          'plein-resident-bsn': fatimaBsn,
        },
        body: JSON.stringify({
          specversion: '1.0',
          id: eventId,
          source: `urn:nld:oin:${UWV.oin}`,
          type: TYPE,
          time: new Date().toISOString(),
          datacontenttype: 'application/json',
          data: { regeling: 'WW', ingangsdatum: '2026-12-01', dagloonCents: 9_850 },
        }),
      });
    const res = await postStructured();
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; dataref: string };
    // A publisher that retries the same event publishes it once.
    const retried = await postStructured();
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { id: string }).id).toBe(accepted.id);

    const { value: delivery } = await eventually(() => withBasis.received.find((r) => r.event.id === accepted.id), 20_000);
    expect(() => verifyDelivery(secrets[withBasis.url]!, delivery.headers, delivery.body)).not.toThrow();
    // Thin, pseudonymous: no data, no BSN anywhere; the details are where dataref points.
    expect(delivery.event).toMatchObject({ type: TYPE, source: `urn:nld:oin:${UWV.oin}`, dataref: accepted.dataref });
    expect(delivery.event.subject).toMatch(/^urn:plein:pseudonym:/);
    expect(delivery.body).toBe('');
    expect(delivery.body).not.toContain(fatimaBsn);

    // The other organisation's subscription read the same event and sent nothing; it does receive news about no resident.
    await eventually(() => handled(without.url, accepted.id), 20_000);
    expect(without.received.filter((r) => r.event.type === TYPE)).toEqual([]);
    expect((await publish({ type: NOTICE, bsn: null, data: { per: '2027-01-01' } })).status).toBe(202);
    await eventually(() => without.received.some((r) => r.event.type === NOTICE), 20_000);

    const entries = await db.query(
      `SELECT name, status_code, receiver_org, purpose, legal_basis, category, source, data_subject_id FROM dispatcher.processing_log WHERE seq > $1 ORDER BY seq`,
      [logFrom],
    );
    expect(entries.rows).toEqual([
      // The integrator that tried to publish (above) was refused for its role, and that is logged: naming nobody.
      {
        name: 'PublishController.publish',
        status_code: 2,
        receiver_org: WOONCORP.oin,
        purpose: 'none',
        legal_basis: 'refused: FORBIDDEN_ROLE',
        category: 'request',
        source: 'dispatcher',
        data_subject_id: null,
      },
      {
        name: 'event delivered',
        status_code: 1,
        receiver_org: DEMO_INTEGRATOR.oin,
        purpose: 'schuldhulpverlening',
        legal_basis: `consent:${consentId}`,
        category: 'income',
        source: 'uwv',
        data_subject_id: delivery.event.subject,
      },
    ]);

    const read = async (client: string) =>
      fetch(accepted.dataref, { headers: { authorization: `Bearer ${await token(client, 'dispatcher')}` } });
    const details = await read(BASIS_HOLDER);
    expect(details.status).toBe(200);
    expect(await details.json()).toMatchObject({ publisherEventId: eventId, data: { dagloonCents: 9_850 } });
    const refused = await read(NO_BASIS);
    expect(refused.status).toBe(403);
    const reads = await db.query(
      `SELECT name, status_code, receiver_org FROM dispatcher.processing_log WHERE name = 'event details read' AND seq > $1 ORDER BY seq`,
      [logFrom],
    );
    expect(reads.rows).toEqual([
      { name: 'event details read', status_code: 1, receiver_org: DEMO_INTEGRATOR.oin },
      { name: 'event details read', status_code: 2, receiver_org: expect.stringMatching(/^\d{20}$/) },
    ]);

    // Fatima revokes: the very next event reaches nobody, and its details are refused.
    const revoked = await plein.gql(RESIDENT, 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: consentId });
    expect(revoked.errors).toBeUndefined();
    const after = await publish({});
    expect(after.status).toBe(202);
    const afterId = (after.body as { id: string }).id;
    await eventually(() => handled(withBasis.url, afterId), 20_000);
    await eventually(() => handled(without.url, afterId), 20_000);
    expect([...withBasis.received, ...without.received].some((r) => r.event.id === afterId)).toBe(false);
    expect((await read(BASIS_HOLDER)).status).toBe(403);

    // The dispatcher's log is chained and checkpointed like every source's.
    const verified = await run(process.execPath, [resolve('dist/tools/logboek/verify.js'), '--database-url', plein.databaseUrl], {
      env: { ...process.env, PLEIN_HOME: plein.home },
    });
    expect(verified.stdout).toMatch(/dispatcher: \d+ entries, chain intact/);
  }, 90_000);

  it("an agency publishes from its own transaction through the subgraph kit's outbox: a rollback sends nothing", async () => {
    await consentOfFatimaForTheIntegrator();
    // UWV's own database, as its code would write to it; the running UWV subgraph relays its outbox.
    const uwv = createDataSource({ schema: 'uwv', entities: [...outboxDatabase.entities], migrations: [] }, { url: plein.databaseUrl });
    await uwv.initialize();
    try {
      const data = { regeling: 'WW', ingangsdatum: '2027-01-01', dagloonCents: 10_100 };
      await expect(
        uwv.transaction(async (m) => {
          await enqueueAgencyEvent(m, UWV.oin, { type: TYPE, residentBsn: fatimaBsn, data: { ...data, dagloonCents: 1 } });
          throw new Error('the award was not saved');
        }),
      ).rejects.toThrow('the award was not saved');
      const id = await uwv.transaction((m) => enqueueAgencyEvent(m, UWV.oin, { type: TYPE, residentBsn: fatimaBsn, data }));
      const { value: row } = await eventually(async () => {
        const found = await db.query(`SELECT ref, subject, data FROM dispatcher.published_event WHERE event_id = $1`, [id]);
        return found.rows[0] as { ref: string; subject: string; data: unknown } | undefined;
      }, 20_000);
      expect(row.data).toEqual(data);
      const { value: delivery } = await eventually(() => withBasis.received.find((r) => r.event.id === row.ref), 20_000);
      expect(delivery.event.subject).toBe(row.subject);
      expect(delivery.event.subject).toMatch(/^urn:plein:pseudonym:/);
      const rolledBack = await db.query(`SELECT count(*) AS n FROM dispatcher.published_event WHERE data->>'dagloonCents' = '1'`);
      expect(Number((rolledBack.rows[0] as { n: string }).n)).toBe(0);
      const unsent = await db.query('SELECT count(*) AS n FROM uwv.outbox WHERE published_at IS NULL');
      expect(Number((unsent.rows[0] as { n: string }).n)).toBe(0);
    } finally {
      await uwv.destroy();
    }
  }, 60_000);

  it('MijnZaken: a resident sees her cases at two agencies, each with its status history, and nobody else’s', async () => {
    const caseSchema = JSON.stringify(caseStatusSchema());
    const types = { uwv: 'nl.uwv.zaak.status-gewijzigd.v1', svb: 'nl.svb.zaak.status-gewijzigd.v1' };
    for (const [agency, type] of Object.entries(types)) {
      const res = await plein.gql(`${agency}-publisher`, REGISTER, {
        i: { type, summary: 'De status van een zaak veranderde.', category: 'case', aboutResident: true, schema: caseSchema },
      });
      expect(res.errors).toBeUndefined();
    }
    const incomplete = await plein.gql('uwv-publisher', REGISTER, {
      i: {
        type: 'nl.uwv.zaak.half.v1',
        summary: 'Een zaak zonder status.',
        category: 'case',
        aboutResident: true,
        schema: JSON.stringify({ type: 'object', properties: { zaakIdentificatie: { type: 'string' } } }),
      },
    });
    expect(incomplete.errors?.[0]?.message).toContain('a case status requires statustype');

    const status = (zaak: string, zaaktype: string, statustype: string, at: string, extra: object = {}) => ({
      zaakIdentificatie: zaak,
      zaaktype,
      statustype,
      datumStatusGezet: at,
      ...extra,
    });
    const posts = [
      // Out of order on purpose: the history follows when each status was set.
      publish({
        type: types.uwv,
        data: status('WW-2026-001', 'WW-aanvraag', 'In behandeling', '2026-11-03T10:00:00Z', { einddatumGepland: '2026-12-15' }),
      }),
      publish({ type: types.uwv, data: status('WW-2026-001', 'WW-aanvraag', 'Ontvangen', '2026-11-01T09:00:00Z') }),
      publish({
        client: 'svb-publisher',
        source: `urn:nld:oin:${SVB.oin}`,
        type: types.svb,
        data: status('KB-77', 'Kinderbijslag', 'Ontvangen', '2026-11-20T08:00:00Z'),
      }),
      // Someone else's case.
      publish({ type: types.uwv, bsn: '111222333', data: status('WW-2026-999', 'WW-aanvraag', 'Ontvangen', '2026-11-21T08:00:00Z') }),
    ];
    for (const p of await Promise.all(posts)) expect(p.status).toBe(202);

    const mine = await plein.gql<{
      myCases: Array<{
        agencyName: string;
        zaakIdentificatie: string;
        status: string;
        einddatumGepland: string | null;
        history: Array<{ statustype: string }>;
      }>;
    }>(RESIDENT, '{ myCases { agencyName zaakIdentificatie status einddatumGepland history { statustype } } }');
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myCases).toEqual([
      {
        agencyName: 'Sociale Verzekeringsbank',
        zaakIdentificatie: 'KB-77',
        status: 'Ontvangen',
        einddatumGepland: null,
        history: [{ statustype: 'Ontvangen' }],
      },
      {
        agencyName: 'UWV',
        zaakIdentificatie: 'WW-2026-001',
        status: 'In behandeling',
        einddatumGepland: '2026-12-15',
        history: [{ statustype: 'Ontvangen' }, { statustype: 'In behandeling' }],
      },
    ]);
    const caseworker = await plein.gql('klantmanager.utrecht', '{ myCases { zaakIdentificatie } }');
    expect(caseworker.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    // Her caseworker sees the household's cases only where Fatima consented: UWV's, not SVB's.
    const householdCases = async () => {
      const res = await plein.gql<{ household: { cases: Array<{ bsn: string; agencyName: string; zaakIdentificatie: string }> } }>(
        'klantmanager.utrecht',
        'query($id: ID!) { household(id: $id) { cases { bsn agencyName zaakIdentificatie } } }',
        { id: plein.manifest.population.demoHouseholdId },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.household.cases;
    };
    expect(await householdCases()).toEqual([]);
    const consentId = await grantConsent(plein, RESIDENT, {
      granteeOrg: GEMEENTE.oin,
      purpose: 'schuldhulpverlening',
      categories: ['case'],
      sources: ['uwv'],
    });
    const { value: seen } = await eventually(async () => {
      const cases = await householdCases();
      return cases.length > 0 ? cases : undefined;
    }, 10_000);
    expect(seen).toEqual([{ bsn: fatimaBsn, agencyName: 'UWV', zaakIdentificatie: 'WW-2026-001' }]);
    const logged = await db.query(
      `SELECT receiver_org, purpose, legal_basis, source FROM dispatcher.processing_log WHERE name = 'household cases read' AND seq > $1`,
      [logFrom],
    );
    expect(logged.rows).toContainEqual({
      receiver_org: GEMEENTE.oin,
      purpose: 'schuldhulpverlening',
      legal_basis: `consent:${consentId}`,
      source: 'uwv',
    });
  });

  it('vroegsignalering: a housing corporation’s signal reaches the municipality where the tenant lives and no other; the caseworker records what happened; the corporation sees only the status', async () => {
    const SIGNAL = 'nl.thuis.huurachterstand.v1';
    const registered = await plein.gql('wooncorp-publisher', REGISTER, {
      i: {
        type: SIGNAL,
        summary: 'Een huurder heeft een huurachterstand (vroegsignaal).',
        category: 'arrears',
        aboutResident: true,
        schema: JSON.stringify(arrearsSignalSchema()),
      },
    });
    expect(registered.errors).toBeUndefined();
    const [utrecht, zeist] = await Promise.all([receiver(), receiver()]);
    try {
      const subscribeTo = async (who: string, url: string) => {
        const res = await plein.gql<{ subscribeWebhook: { secret: string; subscription: { id: string } } }>(
          who,
          'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { secret subscription { id } } }',
          { i: { url, types: [SIGNAL] } },
        );
        expect(res.errors).toBeUndefined();
        subscriptionIds[url] = res.data!.subscribeWebhook.subscription.id;
        subscribers[url] = who;
      };
      await subscribeTo('utrecht-integrator', utrecht.url);
      await subscribeTo('zeist-integrator', zeist.url);

      const signal = {
        signaaldatum: '2026-12-01',
        ontstaansdatum: '2026-10-01',
        bedragInCenten: 145_000,
        signaalpartner: 'Huur',
        crisissignaal: false,
        warmeOverdracht: true,
      };
      const send = (bsn: string | null, data: unknown = signal) =>
        publish({ client: 'wooncorp-publisher', source: `urn:nld:oin:${WOONCORP.oin}`, type: SIGNAL, bsn, data });
      const stored = async () =>
        Number(
          (
            (
              await db.query(
                `SELECT (SELECT count(*) FROM dispatcher.published_event) + (SELECT count(*) FROM dispatcher.early_warning_signal) AS n`,
              )
            ).rows[0] as { n: string }
          ).n,
        );

      // Refused with the reason, stored nowhere: a BSN failing the 11-proef, a resident of no municipality on the plein, data off the model.
      const before = await stored();
      const bad = await send('123456789');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('fails the 11-proef');
      const candidates = ['999999990', '999990019', '111222333', '999999011'];
      const known = (await db.query('SELECT bsn FROM gemeente.person WHERE bsn = ANY($1)', [candidates])).rows.map(
        (r) => (r as { bsn: string }).bsn,
      );
      const stranger = candidates.find((b) => !known.includes(b))!;
      const elsewhere = await send(stranger);
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body['code']).toBe('NOT_A_RESIDENT');
      expect(JSON.stringify(elsewhere.body)).not.toContain(stranger);
      const offModel = await send(fatimaBsn, { ...signal, signaalpartner: 'Telefoon', bedragInCenten: -5 });
      expect(offModel.status).toBe(400);
      expect(await stored()).toBe(before);

      // Fatima lives in Utrecht: the signal goes to Utrecht, on its statutory basis, and to nobody else.
      const accepted = await send(fatimaBsn);
      expect(accepted.status).toBe(202);
      const ref = accepted.body['id'] as string;
      const { value: delivery } = await eventually(() => utrecht.received.find((r) => r.event.id === ref), 20_000);
      expect(delivery.event).toMatchObject({ type: SIGNAL, source: `urn:nld:oin:${WOONCORP.oin}` });
      expect(delivery.body).not.toContain(fatimaBsn);
      await eventually(() => handled(zeist.url, ref), 20_000);
      expect(zeist.received).toEqual([]);
      const read = async (client: string) =>
        fetch(accepted.body['dataref'] as string, { headers: { authorization: `Bearer ${await token(client, 'dispatcher')}` } });
      expect(await (await read('utrecht-integrator')).json()).toMatchObject({ data: { bedragInCenten: 145_000 } });
      expect((await read('zeist-integrator')).status).toBe(403);
      const delivered = await db.query(
        `SELECT receiver_org, purpose, legal_basis FROM dispatcher.processing_log WHERE name = 'event delivered' AND category = 'arrears' AND seq > $1`,
        [logFrom],
      );
      expect(delivered.rows).toEqual([
        {
          receiver_org: GEMEENTE.oin,
          purpose: 'vroegsignalering',
          legal_basis: expect.stringContaining('statutory:Wet gemeentelijke schuldhulpverlening'),
        },
      ]);

      // Utrecht's caseworker sees it in the household view, for vroegsignalering only.
      const HOUSEHOLD = `query($id: ID!) { household(id: $id) { earlyWarningSignals { ref bsn partnerName bedragInCenten signaalpartner warmeOverdracht status } } }`;
      const asCaseworker = (purpose: string) =>
        plein.gql<{ household: { earlyWarningSignals: Array<Record<string, unknown>> } }>(
          'klantmanager.utrecht',
          HOUSEHOLD,
          { id: plein.manifest.population.demoHouseholdId },
          { [PURPOSE_HEADER]: purpose },
        );
      const seen = await asCaseworker('vroegsignalering');
      expect(seen.errors).toBeUndefined();
      expect(seen.data!.household.earlyWarningSignals).toEqual([
        {
          ref,
          bsn: fatimaBsn,
          partnerName: WOONCORP.name,
          bedragInCenten: 145_000,
          signaalpartner: 'Huur',
          warmeOverdracht: true,
          status: 'NOG_NIET_OPGEPAKT',
        },
      ]);
      const otherPurpose = await asCaseworker('schuldhulpverlening');
      expect(otherPurpose.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

      // She records what happened, in the data model's terms; the model's order holds; Zeist cannot touch it.
      const RECORD = `mutation($ref: ID!, $i: SignalOutcomeInput!) { recordSignalOutcome(ref: $ref, input: $i) { status resultaat history { status by } } }`;
      const record = (who: string, input: Record<string, unknown>) =>
        plein.gql<{ recordSignalOutcome: { status: string; resultaat: string | null; history: unknown[] } }>(
          who,
          RECORD,
          { ref, i: input },
          { [PURPOSE_HEADER]: who === 'schuldhulp.zeist' ? 'schuldhulpverlening' : 'vroegsignalering' },
        );
      expect((await record('schuldhulp.zeist', { status: 'OPGEPAKT' })).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
      expect((await record('klantmanager.utrecht', { status: 'AFGESLOTEN' })).errors?.[0]?.extensions?.['code']).toBe(
        'INVALID_SIGNAL_STATUS',
      );
      expect((await record('klantmanager.utrecht', { status: 'OPGEPAKT' })).errors).toBeUndefined();
      const closed = await record('klantmanager.utrecht', {
        status: 'AFGESLOTEN',
        resultaat: 'VERVOLGHULP_FINANCIEEL',
        note: 'Aangemeld bij schuldhulpverlening.',
      });
      expect(closed.data!.recordSignalOutcome).toEqual({
        status: 'AFGESLOTEN',
        resultaat: 'VERVOLGHULP_FINANCIEEL',
        history: [
          { status: 'OPGEPAKT', by: 'klantmanager.utrecht' },
          { status: 'AFGESLOTEN', by: 'klantmanager.utrecht' },
        ],
      });
      expect((await asCaseworker('vroegsignalering')).data!.household.earlyWarningSignals).toEqual([]);

      // The corporation sees the status of its own signal and nothing more; another partner sees none of it.
      const partner = await plein.gql<{ publishedSignals: Array<{ id: string; status: string }> }>(
        'wooncorp-integrator',
        '{ publishedSignals { id status } }',
      );
      expect(partner.data!.publishedSignals).toEqual([{ id: ref, status: 'AFGESLOTEN' }]);
      const nosy = await plein.gql('wooncorp-integrator', '{ publishedSignals { id resultaat note } }');
      expect(nosy.errors?.[0]?.message).toMatch(/Cannot query field "resultaat"/);
      expect(
        (await plein.gql<{ publishedSignals: unknown[] }>('uwv-publisher', '{ publishedSignals { id } }')).data!.publishedSignals,
      ).toEqual([]);
    } finally {
      await Promise.all([utrecht.close(), zeist.close()]);
    }
  }, 90_000);
});
