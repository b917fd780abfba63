import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TOKEN_EXCHANGE_GRANT, ACCESS_TOKEN_TYPE } from '@plein/auth';
import { isValidBsn } from '@plein/domain';
import { AMERSFOORT_OIN, WOONCORP_OIN, ZEIST_OIN } from '../../apps/idp/src/realm.js';
import { GATEWAY, IDP } from '../../tools/plein/apps.js';
import { freePort } from '../support/ports.js';
import { consentsAsFound, sharedPlein, supergraphAsFound, type PleinUnderTest } from '../support/plein.js';
import { AppProcess } from '../support/replicas.js';
import { eventually } from '../support/wait.js';
import { claimsOf } from './support/forged-tokens.js';
import { startTestIncomeProvider, TEST_PROVIDER_SDL } from './support/test-income-provider.js';

const CASEWORKER = 'klantmanager.utrecht';
const OVERVIEW = 'query($id: ID!) { household(id: $id) { members { bsn } incomeOverview { sources { agencyKey status } } } }';

/** A BSN that passes the 11-proef and belongs to nobody in the municipality. */
async function unregisteredBsn(db: pg.Client): Promise<string> {
  for (let n = 100_000_000; ; n += 7) {
    const bsn = String(n);
    if (!isValidBsn(bsn)) continue;
    const { rows } = await db.query('SELECT 1 FROM gemeente.person WHERE bsn = $1', [bsn]);
    if (rows.length === 0) return bsn;
  }
}

/** Every organisation on the plein may be hostile: what one of them receives must be worthless elsewhere. */
describe('trust between organisations', () => {
  let plein: PleinUnderTest;
  let hostile: Awaited<ReturnType<typeof startTestIncomeProvider>>;
  let consents: Awaited<ReturnType<typeof consentsAsFound>> | undefined;
  let supergraph: Awaited<ReturnType<typeof supergraphAsFound>> | undefined;
  let limited: AppProcess | undefined;
  /** Where the gateway's log and the accountable record stood when this file began: it counts only what came after. */
  let marks: { gatewaySeq: number; recordId: number };

  const rowsOf = async <T>(sql: string): Promise<T[]> => {
    const db = new pg.Client({ connectionString: plein.databaseUrl });
    await db.connect();
    try {
      return (await db.query(sql)).rows as T[];
    } finally {
      await db.end();
    }
  };
  /** Refusals with this basis, since this file began, in the gateway's log or the accountable record: whose, and about whom (nobody). */
  const refusalsAt = (where: 'gateway' | 'record', basis: string) =>
    rowsOf<{ org: string | null; subject: string | null }>(
      where === 'gateway'
        ? `SELECT receiver_org AS org, data_subject_id AS subject FROM gateway.processing_log
             WHERE legal_basis = '${basis}' AND seq > ${marks.gatewaySeq} ORDER BY receiver_org NULLS FIRST`
        : `SELECT receiver_org AS org, subject FROM accountability.access_record
             WHERE basis = '${basis}' AND id > ${marks.recordId} ORDER BY receiver_org NULLS FIRST`,
    );

  beforeAll(async () => {
    plein = await sharedPlein();
    const [mark] = await rowsOf<{ gateway_seq: string; record_id: string }>(
      `SELECT (SELECT coalesce(max(seq), 0) FROM gateway.processing_log) AS gateway_seq,
              (SELECT coalesce(max(id), 0) FROM accountability.access_record) AS record_id`,
    );
    marks = { gatewaySeq: Number(mark!.gateway_seq), recordId: Number(mark!.record_id) };
    // Left as found when done (the shared plein): Fatima's consents, and the API without Amersfoort's subgraph.
    consents = await consentsAsFound(plein, ['fatima.elamrani']);
    supergraph = await supergraphAsFound(plein);
    hostile = await startTestIncomeProvider(plein.manifest.population.demoBsn);
    // Registered already if another file of the run registered Amersfoort: that refusal changes nothing.
    await plein.gql('plein-operator', 'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { key } }', {
      i: { key: 'gemeente-amersfoort', name: 'Gemeente Amersfoort', oin: AMERSFOORT_OIN },
    });
    const published = await plein.gql(
      'amersfoort-publisher',
      'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed } }',
      { i: { agencyKey: 'gemeente-amersfoort', name: 'gemeente-amersfoort', routingUrl: hostile.url, sdl: TEST_PROVIDER_SDL } },
    );
    expect(published.errors).toBeUndefined();
    // Fatima lets Utrecht see her income there too, so the overview asks the newcomer about her.
    const consented = await plein.gql('fatima.elamrani', 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', {
      i: {
        granteeOrg: '00000001002220647000',
        purpose: 'schuldhulpverlening',
        categories: ['income'],
        sources: ['gemeente-amersfoort'],
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(consented.errors).toBeUndefined();
  }, 180_000);
  afterAll(async () => {
    await limited?.stop();
    await supergraph?.restore();
    await hostile?.stop();
    await consents?.restore();
    await plein?.stop();
  }, 60_000);

  const post = async (url: string, authorization: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'x-plein-purpose': 'schuldhulpverlening' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> } };
  };
  const appUrl = (name: string) => `${plein.manifest.apps.find((a) => a.name === name)!.url}/graphql`;

  it('never sends a caseworker’s token to an agency; what the agency receives is refused everywhere else', async () => {
    const id = plein.manifest.population.demoHouseholdId;
    // The hostile agency is asked by the overview (fan-out) and by the gateway (its public field).
    await eventually(async () => {
      const o = await plein.gql<{ household: { incomeOverview: { sources: Array<{ agencyKey: string }> } } }>(CASEWORKER, OVERVIEW, { id });
      return o.data?.household.incomeOverview.sources.some((s) => s.agencyKey === 'gemeente-amersfoort');
    }, 15_000);
    await eventually(async () => (await plein.gql<{ bbzRegeling: string }>(CASEWORKER, '{ bbzRegeling }')).data?.bbzRegeling, 15_000);

    const own = `Bearer ${await plein.token(CASEWORKER)}`;
    expect(hostile.received.length).toBeGreaterThanOrEqual(2);
    expect(hostile.received).not.toContain(own);
    const seen = [...new Set(hostile.received)].map((c) => ({ captured: c, claims: claimsOf(c.replace(/^Bearer /, '')) }));
    // The registry's schema check (on the publisher's behalf) and the caseworker's requests.
    expect(seen.filter((s) => s.claims['preferred_username'] === CASEWORKER).length).toBeGreaterThanOrEqual(2);
    for (const { captured, claims } of seen) {
      expect(claims).toMatchObject({ aud: 'gemeente-amersfoort' });
      if (claims['preferred_username'] === CASEWORKER)
        expect(claims).toMatchObject({ purpose: 'schuldhulpverlening', act: { sub: expect.any(String) } });
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
      // Replayed at the gateway, at another agency's subgraph and at the registry: refused, no data.
      for (const [where, url, query] of [
        ['gateway', plein.manifest.gatewayUrl, OVERVIEW],
        ['toeslagen', appUrl('toeslagen'), 'query($b: [String!]!) { incomeStreamsV1(bsns: $b) { id } }'],
        ['registry', appUrl('registry'), '{ agencies { key oin } }'],
        ['household', appUrl('household'), '{ _service { sdl } }'],
      ] as const) {
        const { status, body } = await post(url, captured, query, { id, b: [plein.manifest.population.demoBsn] });
        expect({ where, status, data: body.data }).toEqual({ where, status: 401, data: undefined });
        expect(body.errors?.[0]?.message).toMatch(/Invalid access token: .*audience/i);
      }
    }
  }, 60_000);

  it('lets no app turn a token it received into one for somewhere it may not go', async () => {
    const tokenUrl = `${plein.manifest.keycloakUrl}/realms/plein/protocol/openid-connect/token`;
    const exchange = async (clientId: string, subject: string, audience: string, scope?: string) => {
      const res = await fetch(tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${plein.clientSecret(clientId)}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: TOKEN_EXCHANGE_GRANT,
          subject_token: subject,
          subject_token_type: ACCESS_TOKEN_TYPE,
          audience,
          ...(scope ? { scope } : {}),
        }),
      });
      return { status: res.status, body: (await res.json()) as { access_token?: string; error?: string; error_description?: string } };
    };
    const atUwv = await plein.exchange(CASEWORKER, 'uwv', 'schuldhulpverlening');
    // UWV may ask the consent service on the caller's behalf, and nothing else.
    expect((await exchange('uwv', atUwv, 'consent')).status).toBe(200);
    for (const audience of ['plein-api', 'toeslagen', 'registry', 'household'])
      expect(await exchange('uwv', atUwv, audience)).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    // Toeslagen cannot exchange a token that was addressed to UWV, even with its own secret.
    expect(await exchange('toeslagen', atUwv, 'consent')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // A purpose bound in a token cannot be swapped for another along the way.
    expect(await exchange('uwv', atUwv, 'consent', 'purpose:vroegsignalering')).toMatchObject({ body: { error: 'invalid_scope' } });
    // A wrong secret is no client at all.
    const forged = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('plein-api:guess').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: atUwv,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: 'uwv',
      }),
    });
    expect(forged.status).toBe(401);
  }, 30_000);

  it('runs the access guard on entity resolvers: _entities asked directly, as every role', async () => {
    const { demoHouseholdId: id, demoBsn: bsn } = plein.manifest.population;
    const entities = async (who: string, app: string, representations: unknown[], selection: string) => {
      const purpose = who.startsWith('klantmanager') || who.startsWith('schuldhulp') ? 'schuldhulpverlening' : undefined;
      const res = await post(
        appUrl(app),
        `Bearer ${await plein.exchange(who, app, purpose)}`,
        `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
        { r: representations },
      );
      return res.body as {
        data?: { _entities: Array<unknown> } | null;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
    };
    const cases = [
      { app: 'gemeente', r: [{ __typename: 'Person', bsn }], selection: '... on Person { givenName birthDate }' },
      { app: 'gemeente', r: [{ __typename: 'Household', id }], selection: '... on Household { members { givenName } }' },
      {
        app: 'household',
        r: [{ __typename: 'Household', id }],
        selection: '... on Household { incomeOverview { totalMonthlyCents sources { status } } }',
      },
    ];
    for (const c of cases) {
      for (const who of ['demo-integrator', 'uwv-publisher', 'plein-operator']) {
        const res = await entities(who, c.app, c.r, c.selection);
        // The guard's own refusal, not a service's: it ran on the reference resolver.
        expect({ who, app: c.app, message: res.errors?.[0]?.message }).toEqual({
          who,
          app: c.app,
          message: 'This needs one of the roles caseworker, resident.',
        });
        expect(JSON.stringify(res.data ?? null)).not.toMatch(/Fatima|givenName"?:"|totalMonthlyCents"?:\d/);
      }
      const control = await entities(CASEWORKER, c.app, c.r, c.selection);
      expect({ app: c.app, errors: control.errors }).toEqual({ app: c.app, errors: undefined });
      // Another municipality without a basis: refused by the municipality; the overview asks no source.
      const noBasis = await entities('schuldhulp.zeist', c.app, c.r, c.selection);
      if (c.app === 'household') {
        const overview = (
          noBasis.data?._entities[0] as { incomeOverview: { totalMonthlyCents: number; sources: Array<{ status: string }> } }
        ).incomeOverview;
        expect(overview.totalMonthlyCents).toBe(0);
        expect(overview.sources.filter((s) => s.status === 'OK')).toEqual([]);
      } else expect(noBasis.errors?.[0]?.extensions?.code).toBe('NO_CONSENT');
    }
  }, 60_000);

  it('refuses a fragment bomb and a cost bomb while an ordinary view carries on', async () => {
    let bomb = 'fragment G0 on Query { __typename }\n';
    for (let i = 1; i <= 24; i++) bomb += `fragment G${i} on Query { ...G${i - 1} ...G${i - 1} }\n`;
    bomb += 'query Bomb { ...G24 }';
    // Within the alias and depth limits, and still far too costly: 29 people, each nine levels deep.
    const deep = 'household { members { household { members { household { members { household { members { givenName } } } } } } } }';
    const wide = `query Cost { ${Array.from({ length: 29 }, (_, i) => `p${i}: person(bsn: "${plein.manifest.population.demoBsn}") { ${deep} }`).join(' ')} }`;
    const [fragments, cost, ordinary] = await Promise.all([
      plein.gql(CASEWORKER, bomb),
      plein.gql(CASEWORKER, wide),
      plein.gql<{ household: { incomeOverview: { sources: Array<{ status: string }> } } }>(CASEWORKER, OVERVIEW, {
        id: plein.manifest.population.demoHouseholdId,
      }),
    ]);
    for (const refused of [fragments, cost]) {
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/Cost limit of 5000 exceeded/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    }
    expect(ordinary.errors).toBeUndefined();
    expect(ordinary.data!.household.incomeOverview.sources.length).toBeGreaterThanOrEqual(7);
  }, 30_000);

  it('limits one caller’s request rate with 429 and Retry-After, and nobody else’s', async () => {
    // A gateway of this file's own with a limit a test can reach (its log is the plein's gateway
    // log); every caller below stays well under it but one.
    limited = await AppProcess.beside({ name: 'gateway', pid: plein.pid('gateway') }, { RATE_LIMIT_PER_MINUTE: '400' });
    const gatewayUrl = `${limited.url}/graphql`;
    const flood = async () => {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await plein.token('wooncorp-integrator')}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> },
      };
    };
    let last = await flood();
    for (let i = 0; i < 450 && last.status === 200; i++) last = await flood();
    expect(last.status).toBe(429);
    expect(Number(last.retryAfter)).toBeGreaterThan(0);
    expect(last.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await post(gatewayUrl, `Bearer ${await plein.token(CASEWORKER)}`, '{ __typename }')).toEqual({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });
    // A flood of refusals writes one entry of the gateway's log a minute, not one a request, and the
    // accountable record receives it: who, which organisation, why — and no resident.
    for (let i = 0; i < 20; i++) expect((await flood()).status).toBe(429);
    const logged = await refusalsAt('gateway', 'refused: RATE_LIMITED');
    expect(logged).toEqual([{ org: WOONCORP_OIN, subject: null }]);
    await eventually(async () => (await refusalsAt('record', 'refused: RATE_LIMITED')).length === 1);
    expect(await refusalsAt('record', 'refused: RATE_LIMITED')).toEqual(logged);
  }, 60_000);

  it('answers a BSN without a basis the same whether or not it is registered, never echoes it, and records the attempt', async () => {
    const db = new pg.Client({ connectionString: plein.databaseUrl });
    await db.connect();
    try {
      const demo = plein.manifest.population.demoHouseholdId;
      const { rows } = await db.query<{ bsn: string }>('SELECT bsn FROM gemeente.person WHERE household_id <> $1 ORDER BY bsn LIMIT 1', [
        demo,
      ]);
      const registered = rows[0]!.bsn;
      const unregistered = await unregisteredBsn(db);
      const ask = (bsn: string) =>
        plein.gql('schuldhulp.zeist', 'query($bsn: String!) { person(bsn: $bsn) { givenName birthDate } }', { bsn });
      const refusals = async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM gemeente.processing_log WHERE status_code = 2 AND receiver_org = $1 AND name = 'Query.person'`,
            ['00000001001897811000'],
          )
        ).rows[0]!.n;
      const before = await refusals();
      const [a, b] = [await ask(registered), await ask(unregistered)];
      expect(a.data).toBeNull();
      expect(a.errors?.[0]?.extensions?.['code']).toBe('NO_CONSENT');
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(JSON.stringify(a)).not.toContain(registered);
      expect(JSON.stringify(b)).not.toContain(unregistered);
      // Both attempts are in the municipality's log as refusals, by pseudonym, for misuse detection.
      expect((await refusals()) - before).toBe(2);
      const leaked = await db.query(`SELECT 1 FROM gemeente.processing_log WHERE data_subject_id IN ($1, $2)`, [registered, unregistered]);
      expect(leaked.rows).toEqual([]);
    } finally {
      await db.end();
    }
  }, 30_000);

  it('keeps an app started for production from trusting the development identity provider', async () => {
    const child = spawn(process.execPath, [resolve('dist', GATEWAY.main)], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(await freePort()),
        KEYCLOAK_URL: plein.manifest.keycloakUrl,
        REGISTRY_URL: plein.manifest.registryUrl,
        APOLLO_TELEMETRY_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(output).toMatch(/KEYCLOAK_URL .* is the development identity provider, and NODE_ENV is production/);
  }, 30_000);

  it('refuses a purpose the realm does not grant the caller, before any subgraph is asked', async () => {
    const zeist = 'schuldhulp.zeist';
    const before = hostile.received.length;
    const refused = await plein.gql(
      zeist,
      OVERVIEW,
      { id: plein.manifest.population.demoHouseholdId },
      { 'x-plein-purpose': 'bijstandsaanvraag' },
    );
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/bijstandsaanvraag is not one your role lets you state \(yours: schuldhulpverlening\)/),
      extensions: { code: 'PURPOSE_NOT_ALLOWED' },
    });
    const resident = await plein.gql('fatima.elamrani', '{ myConsents { id } }', {}, { 'x-plein-purpose': 'schuldhulpverlening' });
    expect(resident.errors?.[0]?.extensions?.['code']).toBe('PURPOSE_NOT_ALLOWED');
    // Both refusals are in the gateway's log and reach the accountable record, with the purpose stated.
    const expected = [
      { org: null, subject: null },
      { org: ZEIST_OIN, subject: null },
    ];
    expect(await refusalsAt('gateway', 'refused: PURPOSE_NOT_ALLOWED')).toEqual(expected);
    await eventually(async () => (await refusalsAt('record', 'refused: PURPOSE_NOT_ALLOWED')).length === 2);
    const recorded = await rowsOf<{ purpose: string; source: string }>(
      `SELECT purpose, source FROM accountability.access_record
         WHERE basis = 'refused: PURPOSE_NOT_ALLOWED' AND id > ${marks.recordId} ORDER BY purpose`,
    );
    expect(recorded).toEqual([
      { purpose: 'bijstandsaanvraag', source: 'gateway' },
      { purpose: 'schuldhulpverlening', source: 'gateway' },
    ]);
    expect(hostile.received.length).toBe(before);
    // Without the header the caseworker is not refused at the gateway; the sources ask for a purpose.
    const none = await plein.gql<{ household: { incomeOverview: { sources: Array<{ status: string }> } } }>(
      zeist,
      OVERVIEW,
      { id: plein.manifest.population.demoHouseholdId },
      { 'x-plein-purpose': null },
    );
    expect(none.errors?.[0]?.extensions?.['code']).toBe('PURPOSE_REQUIRED');
  }, 30_000);
});

describe('the development identity provider stays in development', () => {
  const start = async (env: Record<string, string>) => {
    const child = spawn(process.execPath, [resolve('dist', IDP.main)], {
      env: { ...process.env, PORT: String(await freePort()), IDP_PUBLIC_URL: 'http://127.0.0.1:1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    return { code, output };
  };

  it('refuses to start unless development mode is set, naming the setting', async () => {
    const { code, output } = await start({ IDP_DEVELOPMENT_MODE: 'false' });
    expect(code).toBe(1);
    expect(output).toMatch(/IDP_DEVELOPMENT_MODE is not true/);
  }, 20_000);

  it('refuses to listen anywhere but loopback', async () => {
    const { code, output } = await start({ IDP_DEVELOPMENT_MODE: 'true', HOST: '0.0.0.0' });
    expect(code).toBe(1);
    expect(output).toMatch(/HOST=0\.0\.0\.0.*loopback/);
  }, 20_000);
});
