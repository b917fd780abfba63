import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DEMO_AGENCIES, GEMEENTE, ZEIST } from '@plein/demo-population';
import { isValidBsn } from '@plein/domain';
import { PURPOSE_HEADER } from '@plein/consent-client';
import { REALM } from '@plein/auth';
import type { ProcessingLogRow } from '@plein/processing-log';
import { toAccountableRecord, tokenUrlOf } from '@plein/subgraph-kit';
import { serviceAccounts } from '../../apps/idp/src/realm.js';
import { serviceToken } from '../../tools/plein/tokens.js';
import { setOfficeHours } from '../support/misuse-thresholds.js';
import { freePort } from '../support/ports.js';
import { grantConsent, sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const MISUSE = 'nl.ontmoetingsplein.misuse.signalled.v1';
/** Where a household view reads, each a source with a processing log of its own (schema = agency key). */
const INCOME_AND_HOUSEHOLD_SOURCES = DEMO_AGENCIES.map((a) => a.key);

interface Signal {
  id: string;
  rule: string;
  actor: string | null;
  subject: string | null;
  status: string;
  reason: string;
  evidence: Array<{ sourceOrg: string; source: string; seq: number; hash: string; subject: string | null; actor: string | null }>;
  actions: Array<{ action: string; note: string; actor: string }>;
}

const SIGNALS =
  '{ misuseSignals { id rule actor subject status reason evidence { sourceOrg source seq hash subject actor } actions { action note actor } } }';

/** An organisation's webhook on loopback: the misuse CloudEvents it receives. */
async function receiver() {
  const received: Array<{ type: string; data: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ type: String(req.headers['ce-type']), data: JSON.parse(body || '{}') as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/misuse`, received, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A scripted day on the running plein: ordinary work by Utrecht's caseworkers and Zeist's debt
 * counsellor, with four misuses planted among it; each organisation's security officer sees
 * exactly its own, with evidence that checks against the sources' chains; a resident asks why.
 * The first file on the plein with npm start's settings (tests/support/e2e-sequencer.js): what it
 * asserts is everything that happened on the plein since it started.
 */
describe('accountability: misuse surfaced to the security officer, the resident told', () => {
  let plein: PleinUnderTest;
  let db: pg.Client;
  let utrechtHook: Awaited<ReturnType<typeof receiver>>;
  let zeistHook: Awaited<ReturnType<typeof receiver>>;
  let protectedBsn: string;
  let refusedBsn: string;
  const subscriptions: Array<[string, string]> = [];
  const accountabilityUrl = () => plein.manifest.apps.find((a) => a.name === 'accountability')!.url;

  const household = (who: string, id: string, purpose = 'schuldhulpverlening') =>
    plein.gql<{ household: { id: string } }>(
      who,
      'query($id: ID!) { household(id: $id) { id members { bsn } } }',
      { id },
      { [PURPOSE_HEADER]: purpose },
    );
  const signalsOf = async (officer: string) => {
    const res = await plein.gql<{ misuseSignals: Signal[] }>(officer, SIGNALS);
    expect(res.errors).toBeUndefined();
    return res.data!.misuseSignals;
  };

  beforeAll(async () => {
    plein = await sharedPlein('defaults');
    db = new pg.Client({ connectionString: plein.databaseUrl });
    await db.connect();
    [utrechtHook, zeistHook] = [await receiver(), await receiver()];
    for (const [integrator, hook] of [
      ['utrecht-integrator', utrechtHook],
      ['zeist-integrator', zeistHook],
    ] as const) {
      const res = await plein.gql<{ subscribeWebhook: { subscription: { id: string } } }>(
        integrator,
        'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { subscription { id } } }',
        { i: { url: hook.url, types: [MISUSE] } },
      );
      expect(res.errors).toBeUndefined();
      subscriptions.push([integrator, res.data!.subscribeWebhook.subscription.id]);
    }
    // Utrecht works all day; Zeist's office is closed now, whenever this runs. The planted forty households take
    // seconds here, not the hour they would at a desk: no burst for that.
    await setOfficeHours(plein, 'security.utrecht', 'open all day', { burst: { windowSeconds: 60, count: 1_000_000 } });
    await setOfficeHours(plein, 'security.zeist', 'closed now');
    // Utrecht watches over a colleague who lives in one of the municipality's households.
    const people = await db.query<{ bsn: string; household_id: string; members: number }>(
      `SELECT p.bsn, p.household_id, (SELECT count(*)::int FROM gemeente.person q WHERE q.household_id = p.household_id) AS members
       FROM gemeente.person p ORDER BY p.household_id, p.bsn`,
    );
    const singles = people.rows.filter((p) => p.members === 1);
    protectedBsn = singles[0]!.bsn;
    refusedBsn = singles[1]!.bsn;
    const marked = await plein.gql('security.utrecht', 'mutation($b: String!) { protectResident(bsn: $b, kind: "colleague") }', {
      b: protectedBsn,
    });
    expect(marked.errors).toBeUndefined();
    // Fatima lets Zeist's debt counsellor see her household record.
    await grantConsent(plein, 'fatima.elamrani', { granteeOrg: ZEIST.oin, purpose: 'schuldhulpverlening', categories: ['household'] });

    const demo = plein.manifest.population.demoHouseholdId;
    const householdOf = (bsn: string) => people.rows.find((p) => p.bsn === bsn)!.household_id;
    // Ordinary work: two Utrecht colleagues open the demo household (the El Amrani family consented) a few times.
    for (let i = 0; i < 3; i++) expect((await household('klantmanager.utrecht', demo)).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) expect((await household('klantmanager3.utrecht', demo)).errors).toBeUndefined();
    // Planted: a lookup in Zeist while its office is closed (the 3 a.m. lookup).
    expect((await household('schuldhulp.zeist', demo)).errors).toBeUndefined();
    // Planted: one caseworker opens forty households within minutes, on the statutory basis of early warning.
    const others = [...new Set(people.rows.map((p) => p.household_id))].filter(
      (id) => id !== demo && id !== householdOf(protectedBsn) && id !== householdOf(refusedBsn),
    );
    for (const id of others.slice(0, 40)) expect((await household('klantmanager2.utrecht', id, 'vroegsignalering')).errors).toBeUndefined();
    // Planted: five refused lookups of one resident (no consent for debt counselling).
    for (let i = 0; i < 5; i++)
      expect((await household('klantmanager3.utrecht', householdOf(refusedBsn))).errors?.[0]?.extensions?.['code']).toBe('NO_CONSENT');
    // Planted: the protected colleague looked up (refused, as it happens: the attempt is what counts).
    await household('klantmanager.utrecht', householdOf(protectedBsn));
    // Planted: Zeist's debt counsellor tries a purpose the realm does not grant him (refused at the
    // gateway), then an operation for residents only (refused by the municipality's subgraph), five times each.
    for (let i = 0; i < 5; i++) {
      expect((await household('schuldhulp.zeist', demo, 'bijstandsaanvraag')).errors?.[0]?.extensions?.['code']).toBe(
        'PURPOSE_NOT_ALLOWED',
      );
      const children = await plein.gql('schuldhulp.zeist', '{ childrenInMyCare { bsn } }');
      expect(children.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
  }, 300_000);

  afterAll(async () => {
    // The plein is shared with the files after this one: no deliveries left to hooks that are gone.
    for (const [who, id] of subscriptions) await plein.gql(who, 'mutation($id: ID!) { unsubscribe(id: $id) }', { id });
    await utrechtHook?.close();
    await zeistHook?.close();
    await db?.end();
    await plein?.stop();
  }, 60_000);

  it('raises exactly the planted signals, each only for its own organisation, within seconds', async () => {
    const { value: utrecht, afterMs } = await eventually(async () => {
      const found = await signalsOf('security.utrecht');
      return found.length >= 4 && found;
    }, 20_000);
    expect(afterMs).toBeGreaterThanOrEqual(0);
    expect(utrecht.map((s) => [s.rule, s.actor]).sort()).toEqual(
      [
        ['MANY_HOUSEHOLDS', 'klantmanager2.utrecht'],
        ['NO_EARLIER_BASIS', 'klantmanager2.utrecht'],
        ['PROTECTED_RESIDENT', 'klantmanager.utrecht'],
        ['REPEATED_REFUSALS', 'klantmanager3.utrecht'],
      ].sort(),
    );
    const { value: zeist } = await eventually(async () => {
      const found = await signalsOf('security.zeist');
      return found.length >= 3 && found;
    }, 20_000);
    expect(zeist.map((s) => [s.rule, s.actor]).sort()).toEqual([
      ['OUTSIDE_OFFICE_HOURS', 'schuldhulp.zeist'],
      ['REPEATED_REFUSALS', 'schuldhulp.zeist'],
      ['REPEATED_REFUSALS', 'schuldhulp.zeist'],
    ]);
    // Refused before any resident was in question: by the gateway for the purpose, by the source for the role.
    const refusedRequests = zeist.filter((s) => s.rule === 'REPEATED_REFUSALS');
    expect(
      refusedRequests.map((s) => [s.subject, s.reason.match(/\((\w+)\)/)?.[1], [...new Set(s.evidence.map((e) => e.source))]]).sort(),
    ).toEqual([
      [null, 'FORBIDDEN_ROLE', ['gemeente']],
      [null, 'PURPOSE_NOT_ALLOWED', ['gateway']],
    ]);
    for (const s of refusedRequests) expect(s.evidence.map((e) => e.subject)).toEqual([null, null, null, null, null]);
    expect(utrecht.find((s) => s.rule === 'MANY_HOUSEHOLDS')!.reason).toMatch(
      /^Opened \d+ households in 60 minutes; the median of 2 active colleagues was 2\.5/,
    );
    expect(utrecht.find((s) => s.rule === 'REPEATED_REFUSALS')!.reason).toContain('NO_CONSENT');
    // A signal of another organisation reads as not there.
    const other = await plein.gql('security.zeist', 'query($id: ID!) { misuseSignal(id: $id) { id } }', { id: utrecht[0]!.id });
    expect(other.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // The CloudEvents reach each organisation's own webhook only.
    await eventually(() => utrechtHook.received.length >= 4 && zeistHook.received.length >= 3, 20_000);
    expect(utrechtHook.received.map((e) => [e.type, e.data['org'], e.data['rule']]).sort()).toEqual(
      utrecht.map((s) => [MISUSE, GEMEENTE.oin, s.rule.toLowerCase().replace(/_/g, '-')]).sort(),
    );
    expect(zeistHook.received.map((e) => e.data['org'])).toEqual([ZEIST.oin, ZEIST.oin, ZEIST.oin]);
  }, 60_000);

  it('shows evidence that checks against the sources’ own chains', async () => {
    const signals = await signalsOf('security.utrecht');
    const refusals = signals.find((s) => s.rule === 'REPEATED_REFUSALS')!;
    expect(new Set(refusals.evidence.map((e) => e.source))).toEqual(new Set(['gemeente']));
    expect(refusals.evidence.length).toBeGreaterThanOrEqual(5);
    const refusedRequests = (await signalsOf('security.zeist')).filter((s) => s.rule === 'REPEATED_REFUSALS').flatMap((s) => s.evidence);
    expect(new Set(refusedRequests.map((e) => e.source))).toEqual(new Set(['gateway', 'gemeente']));
    for (const e of [
      ...refusals.evidence,
      ...refusedRequests,
      ...signals.find((s) => s.rule === 'MANY_HOUSEHOLDS')!.evidence.slice(0, 20),
    ]) {
      const at = await db.query<{ hash: string; actor: string }>(
        `SELECT hash, actor FROM ${e.source.replace(/-/g, '_')}.processing_log WHERE seq = $1`,
        [e.seq],
      );
      expect(at.rows[0]).toEqual({ hash: e.hash, actor: e.actor });
    }
  }, 60_000);

  it('lets the security officer acknowledge, ask the employee, and close — every step logged', async () => {
    const many = (await signalsOf('security.utrecht')).find((s) => s.rule === 'MANY_HOUSEHOLDS')!;
    const act = (who: string, action: string, note: string, id = many.id) =>
      plein.gql<{ actOnMisuseSignal: Signal }>(
        who,
        `mutation($id: ID!, $n: String!) { actOnMisuseSignal(id: $id, action: ${action}, note: $n) { status actions { action note actor } } }`,
        { id, n: note },
      );
    expect((await act('security.utrecht', 'ACKNOWLEDGE', 'Looking into it')).data!.actOnMisuseSignal.status).toBe('acknowledged');
    // Zeist's officer cannot touch Utrecht's signal; a note is required.
    expect((await act('security.zeist', 'CLOSE', 'Not mine')).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect((await act('security.utrecht', 'CLOSE', '')).errors?.[0]?.extensions?.['code']).toBe('INVALID_NOTE');
    expect((await act('security.utrecht', 'ASK_EMPLOYEE', 'Why forty households in a few minutes?')).data!.actOnMisuseSignal.status).toBe(
      'explanation-asked',
    );
    // The employee sees what they are asked, and nobody else does.
    const asked = await plein.gql<{ misuseSignalsToExplain: Array<{ id: string }> }>(
      'klantmanager2.utrecht',
      '{ misuseSignalsToExplain { id } }',
    );
    expect(asked.data!.misuseSignalsToExplain.map((s) => s.id)).toEqual([many.id]);
    const notAsked = await plein.gql<{ misuseSignalsToExplain: unknown[] }>('klantmanager.utrecht', '{ misuseSignalsToExplain { id } }');
    expect(notAsked.data!.misuseSignalsToExplain).toEqual([]);
    const explained = await plein.gql(
      'klantmanager2.utrecht',
      'mutation($id: ID!) { explainMisuseSignal(id: $id, explanation: "A batch of early-warning signals came in") { id } }',
      {
        id: many.id,
      },
    );
    expect(explained.errors).toBeUndefined();
    const closed = await act('security.utrecht', 'CLOSE', 'Explained: a batch of signals; agreed with the team lead');
    expect(closed.data!.actOnMisuseSignal.status).toBe('closed');
    expect(closed.data!.actOnMisuseSignal.actions.map((a) => [a.action, a.actor])).toEqual([
      ['acknowledge', 'security.utrecht'],
      ['ask-employee', 'security.utrecht'],
      ['explain', 'klantmanager2.utrecht'],
      ['close', 'security.utrecht'],
    ]);
    // The officer's reading and steps are in the service's own chained log, and so in the record.
    const own = await db.query<{ name: string }>(
      `SELECT DISTINCT name FROM accountability.processing_log WHERE actor = 'security.utrecht'`,
    );
    expect(own.rows.map((r) => r.name).sort()).toEqual(
      ['misuse signal evidence read', 'misuse signal: acknowledge', 'misuse signal: ask-employee', 'misuse signal: close'].sort(),
    );
    await eventually(
      async () =>
        Number((await db.query(`SELECT count(*) AS n FROM accountability.access_record WHERE source = 'accountability'`)).rows[0].n) > 0,
    );
  }, 60_000);

  it('tells the resident: an unusual access marked, an explanation asked of the organisation that looked, and its answer', async () => {
    const unusual = await plein.gql<{ myUnusualAccesses: Array<{ source: string; traceId: string; organisation: string; why: string[] }> }>(
      'fatima.elamrani',
      '{ myUnusualAccesses { source traceId organisation why } }',
    );
    expect(unusual.errors).toBeUndefined();
    const byZeist = unusual.data!.myUnusualAccesses.filter((a) => a.organisation === ZEIST.oin);
    expect(byZeist.length).toBeGreaterThan(0);
    expect(byZeist[0]!.why).toEqual(['Dit was buiten de kantooruren van de organisatie.']);
    // Another resident cannot ask about Fatima's entry.
    const q =
      'mutation($o: String!, $s: String!) { requestExplanation(source: $o, traceId: $s, question: "Why did you look at 3 a.m.?") { id dueAt } }';
    const intruder = await plein.gql('tess.smit', q, { o: byZeist[0]!.source, s: byZeist[0]!.traceId });
    expect(intruder.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const asked = await plein.gql<{ requestExplanation: { id: string; dueAt: string } }>('fatima.elamrani', q, {
      o: byZeist[0]!.source,
      s: byZeist[0]!.traceId,
    });
    expect(asked.errors).toBeUndefined();
    expect(new Date(asked.data!.requestExplanation.dueAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // It reaches Zeist's security officer, not Utrecht's.
    const forZeist = await plein.gql<{ explanationRequests: Array<{ id: string; question: string }> }>(
      'security.zeist',
      '{ explanationRequests { id question } }',
    );
    expect(forZeist.data!.explanationRequests.map((r) => r.id)).toEqual([asked.data!.requestExplanation.id]);
    const forUtrecht = await plein.gql<{ explanationRequests: unknown[] }>('security.utrecht', '{ explanationRequests { id } }');
    expect(forUtrecht.data!.explanationRequests).toEqual([]);
    const answer = 'Our debt counsellor prepared an urgent case the night before a court date.';
    expect(
      (
        await plein.gql('security.zeist', 'mutation($id: ID!, $a: String!) { answerExplanationRequest(id: $id, answer: $a) { id } }', {
          id: asked.data!.requestExplanation.id,
          a: answer,
        })
      ).errors,
    ).toBeUndefined();
    const mine = await plein.gql<{ myExplanationRequests: Array<{ answer: string; org: string }> }>(
      'fatima.elamrani',
      '{ myExplanationRequests { answer org } }',
    );
    expect(mine.data!.myExplanationRequests).toEqual([{ answer, org: ZEIST.oin }]);
  }, 60_000);

  it('reports per organisation: generic for everyone in it, specific for the security officer only, as CSV', async () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const csv = async (who: string, kind: string) =>
      fetch(`${accountabilityUrl()}/reports/accesses.csv?kind=${kind}&from=${day}&to=${day}`, {
        headers: { authorization: `Bearer ${await plein.exchange(who, 'accountability')}` },
      });
    const generic = await csv('klantmanager.utrecht', 'generic');
    expect(generic.status).toBe(200);
    const lines = (await generic.text()).trim().split('\r\n');
    expect(lines[0]).toBe('day,source,purpose,outcome,accesses');
    expect(lines.some((l) => l.startsWith(`${day},gemeente,vroegsignalering,accessed,`))).toBe(true);
    expect(lines.join('\n')).not.toContain('klantmanager');
    expect((await csv('klantmanager.utrecht', 'specific')).status).toBe(403);
    const specific = await (await csv('security.utrecht', 'specific')).text();
    expect(specific.split('\r\n')[0]).toBe('day,source,purpose,outcome,actor,subject,accesses');
    expect(specific).toContain(',klantmanager2.utrecht,urn:plein:pseudonym:');
    // Zeist's report holds Zeist's accesses only.
    expect(await (await csv('security.zeist', 'specific')).text()).not.toContain('utrecht');
  }, 60_000);

  it('refuses a hand-over that is not a source’s; sets aside, by its place only, an entry that carries a BSN, and keeps the rest', async () => {
    // The sources' entries: the record's own log (what is refused here included) arrives on its own time.
    const count = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM accountability.access_record WHERE source <> 'accountability'`)).rows[0].n);
    const before = await count();
    const post = (authorization: string, body: unknown) =>
      fetch(`${accountabilityUrl()}/records`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const entry = (over: Record<string, unknown> = {}) => ({
      seq: 999_999,
      hash: 'a'.repeat(64),
      traceId: 'b'.repeat(32),
      name: 'Query.household',
      statusCode: 1,
      startTime: new Date().toISOString(),
      processingActivityId: 'https://ontmoetingsplein.nl/verwerkingsactiviteiten/uwv/inkomen',
      dataSubjectId: `urn:plein:pseudonym:${'C'.repeat(43)}`,
      purpose: 'schuldhulpverlening',
      legalBasis: 'consent:x',
      receiverOrg: GEMEENTE.oin,
      receiverRole: 'caseworker',
      category: 'income',
      source: 'uwv',
      actor: 'klantmanager.utrecht',
      ...over,
    });
    const publisher = `Bearer ${await serviceToken(plein.manifest.keycloakUrl, 'uwv-publisher', 'accountability')}`;
    // A caseworker cannot write the record, whatever they send.
    expect((await post(`Bearer ${await plein.exchange('klantmanager.utrecht', 'accountability')}`, { entries: [entry()] })).status).toBe(
      403,
    );
    // … and the attempt is itself recorded: refused for the role, by the record's own log, naming nobody.
    await eventually(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM accountability.access_record WHERE source = 'accountability' AND basis = 'refused: FORBIDDEN_ROLE'
               AND actor = 'klantmanager.utrecht' AND name = 'RecordsController.handOver' AND subject IS NULL AND receiver_org = $1`,
            [GEMEENTE.oin],
          )
        ).rows.length === 1,
    );
    // A BSN where a pseudonym or a code belongs: that entry is set aside by its place in the chain,
    // and the one beside it is kept. Refusing the hand-over would stop the source's later ones too.
    const withBsn = await post(publisher, {
      entries: [entry({ seq: 1_000_001 }), entry({ seq: 1_000_000, legalBasis: `consent for ${protectedBsn}` })],
    });
    expect(withBsn.status).toBe(200);
    expect(await withBsn.json()).toEqual({ received: 2, recorded: 1, setAside: 1 });
    expect(await (await post(publisher, { entries: [entry({ seq: 1_000_002, dataSubjectId: protectedBsn })] })).json()).toMatchObject({
      recorded: 0,
      setAside: 1,
    });
    // Only a refusal may name no resident: an access without one would hide whose data left.
    const nobody = entry({ seq: 1_000_003, dataSubjectId: null });
    expect(await (await post(publisher, { entries: [nobody] })).json()).toMatchObject({ recorded: 0, setAside: 1 });
    // Sent again (a source retrying), it is accounted for once.
    expect(await (await post(publisher, { entries: [nobody] })).json()).toMatchObject({ recorded: 0, setAside: 0 });
    // Every source hands over through the subgraph kit's client: it hears what was set aside.
    const account = serviceAccounts().find((c) => c.clientId === 'uwv-publisher')!;
    const ship = toAccountableRecord({
      url: accountabilityUrl(),
      tokenUrl: tokenUrlOf({ KEYCLOAK_URL: plein.manifest.keycloakUrl, KEYCLOAK_REALM: REALM }),
      clientId: account.clientId,
      clientSecret: account.secret,
    });
    const shipped = await ship([
      entry({ seq: 1_000_005 }),
      entry({ seq: 1_000_006, purpose: `hulp ${protectedBsn}` }),
    ] as unknown as ProcessingLogRow[]);
    expect(shipped).toEqual({ setAside: 1 });
    const uwv = DEMO_AGENCIES.find((a) => a.key === 'uwv')!.oin;
    const setAside = await db.query(
      `SELECT source_org, source, seq::int, problem FROM accountability.set_aside_entry WHERE source = 'uwv' ORDER BY seq`,
    );
    expect(setAside.rows).toEqual([
      { source_org: uwv, source: 'uwv', seq: 1_000_000, problem: 'legalBasis: must not contain a BSN' },
      { source_org: uwv, source: 'uwv', seq: 1_000_002, problem: 'dataSubjectId: a plein pseudonym (urn:plein:pseudonym:…)' },
      {
        source_org: uwv,
        source: 'uwv',
        seq: 1_000_003,
        problem: 'dataSubjectId: an access names its resident; only a refusal may name none',
      },
      { source_org: uwv, source: 'uwv', seq: 1_000_006, problem: 'purpose: must not contain a BSN' },
    ]);
    // What an operator alerts on.
    expect(await (await fetch(`${accountabilityUrl()}/metrics`)).text()).toMatch(
      new RegExp(`^plein_record_set_aside_entries_total\\{source_org="${uwv}"\\} 4$`, 'm'),
    );
    // An entry with no place in a chain cannot be accounted for: the hand-over is refused whole.
    const placeless = await post(publisher, { entries: [entry({ seq: 1_000_004 }), entry({ seq: -1 })] });
    expect(placeless.status).toBe(400);
    expect(((await placeless.json()) as { message: string }).message).toMatch(
      /^The hand-over was refused and nothing of it kept: entries\.1\.seq: /,
    );
    expect(await count()).toBe(before + 2);
    // A genuine hand-over twice is kept once.
    const first = (await (await post(publisher, { entries: [entry()] })).json()) as { recorded: number };
    const again = (await (await post(publisher, { entries: [entry()] })).json()) as { recorded: number };
    expect([first.recorded, again.recorded]).toEqual([1, 0]);
  }, 60_000);

  it('keeps no BSN and no name in the record, the signals or the requests', async () => {
    const names = await db.query<{ given_name: string; family_name: string }>('SELECT given_name, family_name FROM gemeente.person');
    const tables = [
      'access_record',
      'set_aside_entry',
      'misuse_signal',
      'signal_evidence',
      'signal_action',
      'explanation_request',
      'protected_resident',
      'org_thresholds',
    ];
    // One client runs one query at a time (pg 9 refuses a second one in flight).
    const rows: unknown[] = [];
    for (const t of tables) rows.push((await db.query(`SELECT * FROM accountability.${t}`)).rows);
    const dump = JSON.stringify(rows);
    expect(dump.length).toBeGreaterThan(10_000);
    // A BSN is nine digits standing alone; runs of digits inside hashes and pseudonyms are not.
    expect((dump.match(/(?<![0-9A-Za-z_-])\d{9}(?![0-9A-Za-z_-])/g) ?? []).filter((d) => isValidBsn(d))).toEqual([]);
    for (const n of names.rows) expect(dump).not.toContain(`${n.given_name} ${n.family_name}`);
    expect(dump).not.toContain(protectedBsn);
  }, 60_000);

  it('records the accesses on a consent whose id holds nine digits that pass the 11-proef, and every source’s entries after them', async () => {
    // About one consent id in 360 does, by chance. The record read it as a BSN and refused the
    // hand-over: each source that logged an access on such a consent never handed over again.
    const id = '0f1e2d3c-4b5a-4697-8877-a123456782bc';
    expect(isValidBsn('123456782')).toBe(true);
    const {
      rows: [single],
    } = await db.query<{ bsn: string; household_id: string }>(
      `SELECT p.bsn, p.household_id FROM gemeente.person p
       WHERE (SELECT count(*) FROM gemeente.person q WHERE q.household_id = p.household_id) = 1 AND p.bsn <> ALL($1)
       ORDER BY p.bsn LIMIT 1`,
      [[protectedBsn, refusedBsn]],
    );
    // Inserted as the consent service would have stored it, with this id: the service draws its own.
    await db.query(
      `INSERT INTO consent.consent (id, subject_bsn, grantee_org, grantee_name, purpose, categories, sources, also_future_sources, valid_from, valid_until)
       VALUES ($1, $2, $3, 'Gemeente Utrecht', 'schuldhulpverlening', '{income,household}', '{}', true, now() - interval '1 day', now() + interval '30 days')`,
      [id, single!.bsn, GEMEENTE.oin],
    );
    const overview = (id: string) =>
      plein.gql<{ household: { incomeOverview: { complete: boolean } } }>(
        'klantmanager.utrecht',
        'query($id: ID!) { household(id: $id) { incomeOverview { complete } } }',
        { id },
        { [PURPOSE_HEADER]: 'schuldhulpverlening' },
      );
    expect((await overview(single!.household_id)).data?.household.incomeOverview.complete).toBe(true);
    // Ordinary work after it, at the same sources.
    expect((await overview(plein.manifest.population.demoHouseholdId)).data?.household.incomeOverview.complete).toBe(true);
    const recorded = async (sql: string, params: unknown[]) => (await db.query<{ source: string; seq: string }>(sql, params)).rows;
    // What the sources logged on the consent, each in its own log…
    const logged = await recorded(
      `SELECT source, seq FROM (${INCOME_AND_HOUSEHOLD_SOURCES.map((s) => `SELECT source, seq FROM ${s}.processing_log WHERE legal_basis = $1`).join(' UNION ALL ')}) l`,
      [`consent:${id}`],
    );
    expect(new Set(logged.map((l) => l.source))).toEqual(new Set(INCOME_AND_HOUSEHOLD_SOURCES));
    // … reaches the record, and so does each source's next entry.
    await eventually(async () => {
      const inRecord = await recorded(`SELECT source, max(seq) AS seq FROM accountability.access_record GROUP BY source`, []);
      return logged.every((l) => inRecord.some((r) => r.source === l.source && Number(r.seq) > Number(l.seq)));
    }, 20_000);
    const onConsent = await recorded(`SELECT source, seq FROM accountability.access_record WHERE basis = $1`, [`consent:${id}`]);
    expect(onConsent.map((r) => `${r.source}:${r.seq}`).sort()).toEqual(logged.map((l) => `${l.source}:${l.seq}`).sort());
    // What an operator's scraper reads at each source: its log caught up with the record.
    for (const source of INCOME_AND_HOUSEHOLD_SOURCES) {
      const metrics = `${plein.manifest.apps.find((a) => a.name === source)!.url}/metrics`;
      const caughtUp = new RegExp(`^plein_processing_log_behind_entries\\{log="${source}"\\} 0$`, 'm');
      await eventually(async () => caughtUp.test(await (await fetch(metrics)).text()), 10_000);
    }
  }, 60_000);
});
