import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { CATEGORIES, PURPOSES } from '@plein/consent';
import { GEMEENTE, ZEIST } from '@plein/demo-population';
import { EmbeddedLog, EventTypes, type DeliveredRecord } from '@plein/events';
import { INTEGRATOR_OIN } from '../../apps/idp/src/realm.js';
import { consentsAsFound, sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const RESIDENT = 'fatima.elamrani';
const CASEWORKER = 'klantmanager.utrecht';
const OTHER_CASEWORKER = 'schuldhulp.zeist';
const ADMIN = 'plein-operator';
const PARTNER = 'yassin.elamrani';
const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id status purpose granteeOrg history { action } } }';
const DECIDE =
  'query($b: [String!]!, $p: String!) { consentDecisions(bsns: $b, purpose: $p, category: "income", source: "uwv") { bsn permit basis reason } }';
const MINE = '{ myConsents { id status purpose } }';

interface Decision {
  bsn: string;
  permit: boolean;
  basis: string | null;
  reason: string | null;
}

describe('consent: residents grant and revoke, organisations get decisions about their own access', () => {
  let plein: PleinUnderTest;
  let fatima: string;
  let partner: string;
  let found: Awaited<ReturnType<typeof consentsAsFound>> | undefined;
  /** The consent for early warning the first test grants and the second revokes. */
  let earlyWarning: string;
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const decide = async (who: string, purpose = 'schuldhulpverlening') => {
    const res = await plein.gql<{ consentDecisions: Decision[] }>(who, DECIDE, { b: [fatima, partner], p: purpose });
    expect(res.errors).toBeUndefined();
    return res.data!.consentDecisions;
  };

  beforeAll(async () => {
    plein = await sharedPlein();
    // What Fatima and Yassin grant here (Zeist's request approved, among others) ends with the file.
    found = await consentsAsFound(plein, [RESIDENT, PARTNER]);
    fatima = plein.manifest.population.demoBsn;
    const members = await plein.gql<{ household: { members: Array<{ bsn: string; birthDate: string }> } }>(
      CASEWORKER,
      'query($id: ID!) { household(id: $id) { members { bsn birthDate } } }',
      { id: plein.manifest.population.demoHouseholdId },
    );
    partner = members.data!.household.members.find((m) => m.bsn !== fatima && m.birthDate <= '2008-11-23')!.bsn;
  }, 180_000);
  afterAll(async () => {
    await found?.restore();
    await plein?.stop();
  }, 60_000);

  it("permits the named organisation on the resident's consent, for that resident only; denies the other adult and other organisations", async () => {
    // The demo already holds both adults' consents for schuldhulpverlening; this one is for another purpose.
    const granted = await plein.gql<{ grantConsent: { id: string; status: string; history: Array<{ action: string }> } }>(RESIDENT, GRANT, {
      i: { granteeOrg: GEMEENTE.oin, purpose: 'vroegsignalering', categories: ['income'], validUntil: inDays(90) },
    });
    expect(granted.errors).toBeUndefined();
    const consent = granted.data!.grantConsent;
    expect(consent).toMatchObject({ status: 'ACTIVE', history: [{ action: 'granted' }] });
    earlyWarning = consent.id;

    expect(await decide(CASEWORKER, 'vroegsignalering')).toEqual([
      { bsn: fatima, permit: true, basis: `consent:${consent.id}`, reason: null },
      { bsn: partner, permit: false, basis: null, reason: 'no basis for purpose vroegsignalering' },
    ]);
    expect((await decide(CASEWORKER, 'bijstandsaanvraag'))[0]).toMatchObject({
      permit: false,
      reason: 'no basis for purpose bijstandsaanvraag',
    });
    expect((await decide(OTHER_CASEWORKER))[0]).toMatchObject({
      permit: false,
      reason: 'no consent or statutory basis for this organisation',
    });
  }, 30_000);

  it('revokes: the decision turns to deny at once, and nobody else can revoke it', async () => {
    const { data } = await plein.gql<{ myConsents: Array<{ id: string; status: string; purpose: string }> }>(RESIDENT, MINE);
    const active = data!.myConsents.find((c) => c.id === earlyWarning)!;
    expect(active.status).toBe('ACTIVE');
    const stranger = await plein.gql('youssef.smit', 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: active.id });
    expect(stranger.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const revoked = await plein.gql<{ revokeConsent: { status: string; history: Array<{ action: string }> } }>(
      RESIDENT,
      'mutation($id: ID!) { revokeConsent(id: $id) { status history { action } } }',
      { id: active.id },
    );
    expect(revoked.data?.revokeConsent).toEqual({ status: 'REVOKED', history: [{ action: 'granted' }, { action: 'revoked' }] });
    expect((await decide(CASEWORKER, 'vroegsignalering'))[0]).toMatchObject({ permit: false, reason: 'the consent was revoked' });
  }, 30_000);

  it('announces grants and revocations through the outbox: subject a pseudonym, no BSN anywhere', async () => {
    const log = await EmbeddedLog.open({ databaseUrl: plein.databaseUrl, pollMs: 50 });
    const seen: DeliveredRecord[] = [];
    // This file's consent for early warning; other test files on the same plein give others, to Utrecht too.
    const mine = (r: DeliveredRecord) => (JSON.parse(r.value) as { consentId?: string }).consentId === earlyWarning;
    const consumer = await log.consume({
      groupId: 'e2e-consent',
      topics: [EventTypes.CONSENT_GRANTED.topic],
      handle: async (r) => void (mine(r) && seen.push(r)),
    });
    try {
      await eventually(() => seen.length >= 2, 10_000);
      expect(seen.map((r) => r.headers['ce_type'])).toEqual([EventTypes.CONSENT_GRANTED.type, EventTypes.CONSENT_REVOKED.type]);
      for (const r of seen) {
        expect(r.headers['ce_subject']).toMatch(/^urn:plein:pseudonym:/);
        expect(JSON.stringify(r)).not.toContain(fatima);
        // The agencies it covers were resolved when it was given, and the event says which.
        expect(JSON.parse(r.value)).toMatchObject({
          granteeOrg: GEMEENTE.oin,
          purpose: 'vroegsignalering',
          sources: ['belastingdienst', 'duo', 'gemeente', 'lbio', 'svb', 'toeslagen', 'uwv'],
          coverage: expect.arrayContaining(['uwv:income', 'gemeente:income']),
          alsoFutureSources: false,
        });
      }
      expect(seen[0]!.headers['ce_subject']).toBe(seen[1]!.headers['ce_subject']);
    } finally {
      await consumer.stop();
      await log.close();
    }
  }, 30_000);

  it('permits on a statutory basis only for its own purpose, and residents can see the basis', async () => {
    const added = await plein.gql(ADMIN, 'mutation($i: StatutoryBasisInput!) { addStatutoryBasis(input: $i) { id } }', {
      i: { granteeOrg: GEMEENTE.oin, purpose: 'bijstandsaanvraag', law: 'Participatiewet', article: 'art. 64', categories: ['income'] },
    });
    expect(added.errors).toBeUndefined();
    const decisions = await decide(CASEWORKER, 'bijstandsaanvraag');
    expect(decisions.map((d) => [d.permit, d.basis])).toEqual([
      [true, 'statutory:Participatiewet art. 64'],
      [true, 'statutory:Participatiewet art. 64'],
    ]);
    expect((await decide(CASEWORKER, 'vroegsignalering'))[1]).toMatchObject({ permit: false });
    expect((await decide(OTHER_CASEWORKER, 'bijstandsaanvraag'))[0]).toMatchObject({ permit: false });
    const visible = await plein.gql<{ statutoryBases: Array<{ law: string; purpose: string }> }>(
      RESIDENT,
      '{ statutoryBases { law purpose } }',
    );
    expect(visible.data?.statutoryBases).toContainEqual({ law: 'Participatiewet', purpose: 'bijstandsaanvraag' });
  }, 30_000);

  it('refuses a statutory basis its accesses could not be logged under, and stores nothing', async () => {
    // Every access on a basis is logged under `statutory:<law> <article>` at each source. A text a
    // source cannot log (too long for the record, or holding a BSN) would make each such access fail.
    const bases = async () => (await plein.gql<{ statutoryBases: unknown[] }>(ADMIN, '{ statutoryBases { id } }')).data!.statutoryBases;
    const before = await bases();
    const add = (law: string, article: string) =>
      plein.gql(ADMIN, 'mutation($i: StatutoryBasisInput!) { addStatutoryBasis(input: $i) { id } }', {
        i: { granteeOrg: GEMEENTE.oin, purpose: 'bijstandsaanvraag', law, article, categories: ['income'] },
      });
    for (const [law, article, why] of [
      ['W'.repeat(200), 'a'.repeat(100), 'is longer than 300 characters'],
      ['Besluit 123456782', 'art. 1', 'must not contain a BSN'],
    ] as const) {
      const refused = await add(law, article);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_CONSENT' }, message: expect.stringContaining(why) });
    }
    expect(await bases()).toEqual(before);
  }, 30_000);

  it('refuses a bad consent with the reason and stores nothing', async () => {
    const before = (await plein.gql<{ myConsents: unknown[] }>(RESIDENT, MINE)).data!.myConsents.length;
    const refused = async (i: Record<string, unknown>) => (await plein.gql(RESIDENT, GRANT, { i })).errors?.[0]?.extensions?.['code'];
    const base = { granteeOrg: GEMEENTE.oin, purpose: 'schuldhulpverlening', categories: ['income'], validUntil: inDays(30) };
    expect(await refused({ ...base, purpose: 'marketing' })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, categories: ['medical'] })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, categories: [] })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, granteeOrg: '123' })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, validUntil: inDays(-1) })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, validUntil: inDays(5000) })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, sources: ['pensioenfonds-nergens'] })).toBe('INVALID_CONSENT');
    // "Also agencies that join later" is a choice of its own, never mixed into a list of named agencies.
    expect(await refused({ ...base, sources: ['uwv'], alsoFutureSources: true })).toBe('INVALID_CONSENT');
    expect(await refused({ ...base, granteeOrg: '00000001000000000000' })).toBe('UNKNOWN_ORGANISATION');
    expect((await plein.gql<{ myConsents: unknown[] }>(RESIDENT, MINE)).data!.myConsents).toHaveLength(before);
  }, 30_000);

  it("delivers consent events to the grantee's integrator only", async () => {
    const { createServer } = await import('node:http');
    const { freePort } = await import('../support/ports.js');
    const received: Record<string, string[]> = { demo: [], wooncorp: [] };
    const hooks = await Promise.all(
      (['demo', 'wooncorp'] as const).map(async (who) => {
        const server = createServer((req, res) => {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () => (received[who]!.push(body), res.writeHead(204).end()));
        });
        const port = await freePort();
        await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
        return { who, server, url: `http://127.0.0.1:${port}/` };
      }),
    );
    // Left as found for the other test files on this plein: the subscriptions end, the consent is revoked.
    const subscriptions: Array<[string, string]> = [];
    let consentId: string | undefined;
    try {
      for (const h of hooks) {
        const res = await plein.gql<{ subscribeWebhook: { subscription: { id: string } } }>(
          `${h.who}-integrator`,
          'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { subscription { id } } }',
          {
            i: { url: h.url, types: [EventTypes.CONSENT_GRANTED.type] },
          },
        );
        expect(res.errors).toBeUndefined();
        subscriptions.push([`${h.who}-integrator`, res.data!.subscribeWebhook.subscription.id]);
      }
      const granted = await plein.gql<{ grantConsent: { id: string } }>(RESIDENT, GRANT, {
        i: { granteeOrg: INTEGRATOR_OIN, purpose: 'vroegsignalering', categories: ['income'], validUntil: inDays(30) },
      });
      expect(granted.errors).toBeUndefined();
      consentId = granted.data!.grantConsent.id;
      await eventually(() => received['demo']!.length === 1, 10_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(JSON.parse(received['demo']![0]!)).toMatchObject({ granteeOrg: INTEGRATOR_OIN, purpose: 'vroegsignalering' });
      expect(received['wooncorp']).toEqual([]);
    } finally {
      for (const [who, id] of subscriptions) await plein.gql(who, 'mutation($id: ID!) { unsubscribe(id: $id) }', { id });
      if (consentId) await plein.gql(RESIDENT, 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: consentId });
      for (const h of hooks) h.server.close();
    }
  }, 30_000);

  it('lets a caseworker ask; the resident sees a preview of exactly what would be shared, and approving grants exactly that', async () => {
    const asked = await plein.gql<{ requestConsent: { id: string; status: string } }>(
      CASEWORKER,
      'mutation($i: RequestConsentInput!) { requestConsent(input: $i) { id status } }',
      {
        i: {
          subjectBsn: partner,
          purpose: 'vroegsignalering',
          categories: ['income'],
          sources: ['uwv', 'svb'],
          validUntil: inDays(60),
          message: 'Om uw betalingsachterstand samen op te lossen.',
        },
      },
    );
    expect(asked.data?.requestConsent.status).toBe('PENDING');
    const id = asked.data!.requestConsent.id;
    // Not yet: nothing is shared before the resident decides.
    expect((await decide(CASEWORKER, 'vroegsignalering'))[1]).toMatchObject({ permit: false });

    const fatimasView = await plein.gql<{ myConsentRequests: Array<{ id: string }> }>(RESIDENT, '{ myConsentRequests { id } }');
    expect(fatimasView.data?.myConsentRequests.map((r) => r.id)).not.toContain(id);
    const mine = await plein.gql<{ myConsentRequests: Array<{ id: string; requestedBy: string; message: string; preview: unknown }> }>(
      PARTNER,
      '{ myConsentRequests { id requestedBy requesterName requesterOrg message preview { agencyKey agencyName categories { code description } } } }',
    );
    const request = mine.data!.myConsentRequests.find((r) => r.id === id)!;
    expect(request).toMatchObject({
      requestedBy: CASEWORKER,
      requesterName: 'Gemeente Utrecht',
      requesterOrg: GEMEENTE.oin,
      message: 'Om uw betalingsachterstand samen op te lossen.',
    });
    expect(request.preview).toEqual([
      { agencyKey: 'svb', agencyName: 'Sociale Verzekeringsbank', categories: [{ code: 'income', description: CATEGORIES.income }] },
      { agencyKey: 'uwv', agencyName: 'UWV', categories: [{ code: 'income', description: CATEGORIES.income }] },
    ]);

    const approved = await plein.gql<{ approveConsentRequest: { id: string; sources: string[]; purpose: string; granteeOrg: string } }>(
      PARTNER,
      'mutation($id: ID!) { approveConsentRequest(id: $id) { id sources purpose granteeOrg } }',
      { id },
    );
    expect(approved.data?.approveConsentRequest).toMatchObject({
      sources: ['svb', 'uwv'],
      purpose: 'vroegsignalering',
      granteeOrg: GEMEENTE.oin,
    });
    expect((await decide(CASEWORKER, 'vroegsignalering'))[1]).toMatchObject({ permit: true });
    const again = await plein.gql(PARTNER, 'mutation($id: ID!) { approveConsentRequest(id: $id) { id } }', { id });
    expect(again.errors?.[0]?.extensions?.['code']).toBe('INVALID_CONSENT');
    const status = await plein.gql<{ consentRequests: Array<{ id: string; status: string }> }>(
      CASEWORKER,
      '{ consentRequests { id status } }',
    );
    expect(status.data?.consentRequests.find((r) => r.id === id)?.status).toBe('APPROVED');
    const other = await plein.gql<{ consentRequests: unknown[] }>(OTHER_CASEWORKER, '{ consentRequests { id } }');
    expect(other.data?.consentRequests).toEqual([]);
  }, 30_000);

  it('gives the resident a receipt of a consent, with the Kantara consent receipt fields', async () => {
    const { data } = await plein.gql<{ myConsents: Array<{ id: string; purpose: string }> }>(RESIDENT, MINE);
    const id = data!.myConsents[0]!.id;
    const res = await plein.gql<{ consentReceipt: string }>(RESIDENT, 'query($id: ID!) { consentReceipt(id: $id) }', { id });
    const receipt = JSON.parse(res.data!.consentReceipt) as Record<string, unknown>;
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'NL',
      consentReceiptID: id,
      piiPrincipalId: fatima,
      language: 'nl',
      piiControllers: [{ piiController: 'Gemeente Utrecht', piiControllerId: `urn:nld:oin:${GEMEENTE.oin}` }],
      services: [
        {
          purposes: [
            {
              consentType: 'EXPLICIT',
              purpose: PURPOSES.schuldhulpverlening,
              piiCategory: [CATEGORIES.income, CATEGORIES.household],
              alsoFutureSources: false,
              // Per agency exactly what it shares: the household record only from the municipality.
              sources: expect.arrayContaining([
                { organisatie: 'Gemeente Utrecht', gegevens: [CATEGORIES.household, CATEGORIES.income] },
                { organisatie: 'UWV', gegevens: [CATEGORIES.income] },
              ]),
            },
          ],
        },
      ],
    });
    expect(typeof receipt['consentTimestamp']).toBe('number');
    const stranger = await plein.gql(PARTNER, 'query($id: ID!) { consentReceipt(id: $id) }', { id });
    expect(stranger.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  }, 30_000);

  it('announces a consent that ran out, and denies from then on', async () => {
    const granted = await plein.gql<{ grantConsent: { id: string } }>(RESIDENT, GRANT, {
      i: {
        granteeOrg: ZEIST.oin,
        purpose: 'vroegsignalering',
        categories: ['income'],
        validUntil: new Date(Date.now() + 1_500).toISOString(),
      },
    });
    expect(granted.errors).toBeUndefined();
    expect((await decide(OTHER_CASEWORKER, 'vroegsignalering'))[0]).toMatchObject({ permit: true });
    await eventually(async () => {
      const res = await plein.gql<{ myConsents: Array<{ id: string; status: string; history: Array<{ action: string }> }> }>(
        RESIDENT,
        '{ myConsents { id status history { action } } }',
      );
      const c = res.data!.myConsents.find((x) => x.id === granted.data!.grantConsent.id)!;
      return c.status === 'EXPIRED' && c.history.some((h) => h.action === 'expired');
    }, 10_000);
    expect((await decide(OTHER_CASEWORKER, 'vroegsignalering'))[0]).toMatchObject({ permit: false, reason: 'the consent expired' });
  }, 30_000);

  describe('what a resident agrees to is what is shared', () => {
    const HOUSEHOLD_VIEW =
      'query($id: ID!) { household(id: $id) { coResidentCount members { bsn givenName familyName birthDate } incomeOverview { complete coResidentCount members { bsn name streams { agencyKey } } sources { agencyKey status withheldMembers } } } }';
    interface HouseholdView {
      household: {
        coResidentCount: number;
        members: Array<{ bsn: string; givenName: string; birthDate: string }>;
        incomeOverview: {
          complete: boolean;
          coResidentCount: number;
          members: Array<{ bsn: string; name: string; streams: Array<{ agencyKey: string }> }>;
          sources: Array<{ agencyKey: string; status: string; withheldMembers: string[] }>;
        };
      };
    }
    let householdId: string;
    let noor: string;
    let requestId: string;
    let zeistView: string;

    beforeAll(async () => {
      householdId = plein.manifest.population.demoHouseholdId;
      const members = await plein.gql<{ household: { members: Array<{ bsn: string; givenName: string }> } }>(
        CASEWORKER,
        'query($id: ID!) { household(id: $id) { members { bsn givenName } } }',
        { id: householdId },
      );
      noor = members.data!.household.members.find((m) => m.givenName === 'Noor')!.bsn;
    });

    it('previews, per agency, only the categories it holds, names the requester, and speaks Dutch', async () => {
      const asked = await plein.gql<{ requestConsent: { id: string } }>(
        OTHER_CASEWORKER,
        'mutation($i: RequestConsentInput!) { requestConsent(input: $i) { id } }',
        {
          i: {
            subjectBsn: fatima,
            purpose: 'schuldhulpverlening',
            categories: ['income', 'household'],
            sources: ['gemeente', 'uwv'],
            validUntil: inDays(90),
          },
        },
      );
      expect(asked.errors).toBeUndefined();
      requestId = asked.data!.requestConsent.id;
      const mine = await plein.gql<{
        myConsentRequests: Array<{
          id: string;
          requesterName: string;
          requesterOrg: string;
          purposeDescription: string;
          preview: Array<{ agencyKey: string; agencyName: string; categories: Array<{ code: string; description: string }> }>;
        }>;
      }>(
        RESIDENT,
        '{ myConsentRequests { id requesterName requesterOrg purposeDescription preview { agencyKey agencyName categories { code description } } } }',
      );
      const request = mine.data!.myConsentRequests.find((r) => r.id === requestId)!;
      expect(request).toMatchObject({ requesterName: 'Gemeente Zeist', requesterOrg: ZEIST.oin });
      expect(request.purposeDescription).toBe(PURPOSES.schuldhulpverlening);
      expect(request.preview).toEqual([
        {
          agencyKey: 'gemeente',
          agencyName: 'Gemeente Utrecht',
          categories: [
            { code: 'income', description: CATEGORIES.income },
            { code: 'household', description: CATEGORIES.household },
          ],
        },
        // UWV keeps no household records: the preview does not say it would share them.
        { agencyKey: 'uwv', agencyName: 'UWV', categories: [{ code: 'income', description: CATEGORIES.income }] },
      ]);
      // Every resident-facing text is Dutch.
      for (const text of [request.purposeDescription, ...request.preview.flatMap((p) => p.categories.map((c) => c.description))])
        expect(text).toMatch(/^(Schuldhulpverlening|Inkomen|Huishouden): [a-z].*\b(uw|u|de|van)\b/);
    }, 30_000);

    it("on Fatima's consent alone, shows Zeist Fatima and three medebewoners, nothing of Yassin; sources say OK, partly, or not asked", async () => {
      const approved = await plein.gql(RESIDENT, 'mutation($id: ID!) { approveConsentRequest(id: $id) { id } }', { id: requestId });
      expect(approved.errors).toBeUndefined();
      const res = await plein.gql<HouseholdView>(OTHER_CASEWORKER, HOUSEHOLD_VIEW, { id: householdId });
      expect(res.errors).toBeUndefined();
      zeistView = JSON.stringify(res);
      const h = res.data!.household;
      expect(h.members.map((m) => m.bsn)).toEqual([fatima]);
      expect(h.coResidentCount).toBe(3);
      expect(h.incomeOverview.coResidentCount).toBe(3);
      // Yassin gave Zeist nothing: his BSN, name and birth date appear nowhere in the answer.
      expect(zeistView).not.toContain(partner);
      expect(zeistView).not.toContain('Yassin');
      expect(zeistView).not.toContain('2007-01-22');
      expect(zeistView).not.toContain(noor);
      const statuses = Object.fromEntries(h.incomeOverview.sources.map((s) => [s.agencyKey, [s.status, s.withheldMembers]]));
      const three = ['medebewoner', 'medebewoner', 'medebewoner'];
      expect(statuses).toEqual({
        gemeente: ['PARTIAL', three],
        uwv: ['PARTIAL', three],
        belastingdienst: ['NO_CONSENT', ['Fatima El Amrani', ...three]],
        duo: ['NO_CONSENT', ['Fatima El Amrani', ...three]],
        lbio: ['NO_CONSENT', ['Fatima El Amrani', ...three]],
        svb: ['NO_CONSENT', ['Fatima El Amrani', ...three]],
        toeslagen: ['NO_CONSENT', ['Fatima El Amrani', ...three]],
      });
      expect(h.incomeOverview.complete).toBe(false);
      expect(h.incomeOverview.members[0]!.streams.map((s) => s.agencyKey).sort()).toEqual(['gemeente', 'gemeente', 'uwv']);
      // Utrecht, with every member's consent at every agency: every source OK, and complete.
      const utrecht = (await plein.gql<HouseholdView>(CASEWORKER, HOUSEHOLD_VIEW, { id: householdId })).data!.household;
      expect(utrecht.incomeOverview.sources.map((s) => [s.status, s.withheldMembers])).toEqual(Array(7).fill(['OK', []]));
      expect(utrecht.incomeOverview.complete).toBe(true);
    }, 30_000);

    it('lets Fatima, with parental authority, grant and revoke for Noor; nobody can grant for Yassin, an adult', async () => {
      const grantFor = (who: string, subjectBsn: string) =>
        plein.gql<{ grantConsent: { id: string; subjectBsn: string; givenByRepresentative: boolean } }>(
          who,
          'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id subjectBsn givenByRepresentative } }',
          {
            i: {
              subjectBsn,
              granteeOrg: ZEIST.oin,
              purpose: 'schuldhulpverlening',
              categories: ['income', 'household'],
              sources: ['gemeente'],
              validUntil: inDays(90),
            },
          },
        );
      const forYassin = await grantFor(RESIDENT, partner);
      expect(forYassin.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect((await grantFor(PARTNER, noor)).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const forNoor = await grantFor(RESIDENT, noor);
      expect(forNoor.errors).toBeUndefined();
      expect(forNoor.data!.grantConsent).toMatchObject({ subjectBsn: noor, givenByRepresentative: true });

      const { value: withNoor } = await eventually(async () => {
        const h = (await plein.gql<HouseholdView>(OTHER_CASEWORKER, HOUSEHOLD_VIEW, { id: householdId })).data!.household;
        return h.coResidentCount === 2 ? h : undefined;
      }, 5_000);
      expect(withNoor.members.map((m) => m.givenName)).toEqual(['Fatima', 'Noor']);

      const childs = await plein.gql<{ myConsents: Array<{ id: string; status: string }> }>(
        RESIDENT,
        'query($s: String) { myConsents(subjectBsn: $s) { id status } }',
        { s: noor },
      );
      expect(childs.data!.myConsents.map((c) => c.id)).toContain(forNoor.data!.grantConsent.id);
      // Her brother has no authority over her: he can neither read nor revoke what was given for her.
      for (const q of [
        'query($s: String) { myConsents(subjectBsn: $s) { id } }',
        'query($s: String) { myConsentRequests(subjectBsn: $s) { id } }',
      ])
        expect((await plein.gql(PARTNER, q, { s: noor })).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const strangerRevokes = await plein.gql(PARTNER, 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', {
        id: forNoor.data!.grantConsent.id,
      });
      expect(strangerRevokes.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
      const revoked = await plein.gql<{ revokeConsent: { status: string } }>(
        RESIDENT,
        'mutation($id: ID!) { revokeConsent(id: $id) { status } }',
        { id: forNoor.data!.grantConsent.id },
      );
      expect(revoked.data?.revokeConsent.status).toBe('REVOKED');
      await eventually(async () => {
        const h = (await plein.gql<HouseholdView>(OTHER_CASEWORKER, HOUSEHOLD_VIEW, { id: householdId })).data!.household;
        return h.coResidentCount === 3 ? h : undefined;
      }, 5_000);
    }, 40_000);

    it('ends a consent a parent gave when the child comes of age, and asks the child', async () => {
      // Yassin's eighteenth birthday, as it would have gone: a consent his mother gave for him
      // while he was a minor, ending at the start of that day.
      const db = new pg.Client({ connectionString: plein.databaseUrl });
      await db.connect();
      const { rows } = await db
        .query<{ id: string }>(
          `INSERT INTO consent.consent (id, subject_bsn, grantee_org, grantee_name, purpose, categories, sources, coverage, source_names,
           representative_bsn, lapses_at_majority, valid_from, valid_until)
         VALUES (gen_random_uuid(), $1, $2, 'Gemeente Utrecht', 'bijstandsaanvraag', '{income}', '{duo}', '{duo:income}', '{"duo": "DUO"}',
           $3, true, now() - interval '30 days', now() + interval '1 second') RETURNING id`,
          [partner, GEMEENTE.oin, fatima],
        )
        .finally(() => db.end());
      const id = rows[0]!.id;
      const { value: lapsed } = await eventually(async () => {
        const res = await plein.gql<{ myConsents: Array<{ id: string; status: string; history: Array<{ action: string }> }> }>(
          PARTNER,
          '{ myConsents { id status history { action } } }',
        );
        const c = res.data!.myConsents.find((x) => x.id === id);
        return c?.history.some((h) => h.action === 'lapsed') ? c : undefined;
      }, 10_000);
      expect(lapsed.status).toBe('EXPIRED');
      const asked = await plein.gql<{
        myConsentRequests: Array<{
          status: string;
          purpose: string;
          requesterName: string;
          message: string;
          preview: Array<{ agencyKey: string }>;
        }>;
      }>(PARTNER, '{ myConsentRequests { status purpose requesterName message preview { agencyKey } } }');
      expect(asked.data!.myConsentRequests).toContainEqual({
        status: 'PENDING',
        purpose: 'bijstandsaanvraag',
        requesterName: 'Gemeente Utrecht',
        message: expect.stringMatching(/^U bent 18 geworden/),
        preview: [{ agencyKey: 'duo' }],
      });
    }, 30_000);
  });
});
