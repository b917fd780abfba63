import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createHash } from 'node:crypto';
import { DEMO_AGENCIES, GEMEENTE, ZEIST, generateHousehold, generatePopulation, type PopulationSpec } from '@plein/demo-population';
import { quoteIdent } from '@plein/persistence';

export interface SeedReport {
  households: number;
  persons: number;
  awards: number;
  seconds: number;
}

/**
 * Writes the synthetic population into each agency's own schema: the municipality's register
 * and every agency's income ledger. Replaces earlier demo data. Rows are streamed with COPY,
 * so a million households take about a minute rather than hours. Households and persons share
 * one connection, households first in each chunk, because persons reference their household.
 */
export async function seedPopulation(databaseUrl: string, spec: PopulationSpec, log: (line: string) => void): Promise<SeedReport> {
  const started = performance.now();
  const register = [
    { table: 'gemeente.household', columns: ['id', 'street', 'house_number', 'postal_code', 'city'] },
    { table: 'gemeente.person', columns: ['bsn', 'household_id', 'given_name', 'family_name', 'birth_date'] },
    { table: 'gemeente.parental_authority', columns: ['parent_bsn', 'child_bsn'] },
  ];
  const ledgers = DEMO_AGENCIES.map((a) => ({
    key: a.key,
    table: `${quoteIdent(a.key)}.income_award`,
    columns: ['id', 'bsn', 'scheme', 'amount_cents', 'period', 'start_date', 'end_date'],
  }));
  const allTables = [...register, ...ledgers].map((t) => t.table);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const clients: pg.Client[] = [];
  try {
    await admin.query(`TRUNCATE ${allTables.join(', ')}`);
    const streams = new Map<string, Writable>();
    for (const t of ledgers) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      clients.push(client);
      streams.set(t.key, client.query(copyFrom(`COPY ${t.table} (${t.columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
    }
    const write = async (key: string, row: Array<string | number | null>) => {
      const stream = streams.get(key)!;
      if (!stream.write(row.map(csv).join(',') + '\n')) await once(stream, 'drain');
    };
    let householdLines: string[] = [];
    let personLines: string[] = [];
    let authorityLines: string[] = [];
    const flushRegister = async () => {
      for (const [t, lines] of [
        [register[0]!, householdLines],
        [register[1]!, personLines],
        [register[2]!, authorityLines],
      ] as const) {
        if (lines.length === 0) continue;
        const copy = admin.query(copyFrom(`COPY ${t.table} (${t.columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from([lines.join('')]), copy);
      }
      householdLines = [];
      personLines = [];
      authorityLines = [];
    };

    let households = 0;
    let persons = 0;
    let awards = 0;
    for (const h of generatePopulation(spec)) {
      householdLines.push([h.id, h.street, h.houseNumber, h.postalCode, h.city].map(csv).join(',') + '\n');
      for (const p of h.members) personLines.push([p.bsn, h.id, p.givenName, p.familyName, p.birthDate].map(csv).join(',') + '\n');
      for (const a of h.parentalAuthority) authorityLines.push(`${a.parentBsn},${a.childBsn}\n`);
      if (householdLines.length >= 5_000) await flushRegister();
      for (const a of h.awards) await write(a.agency, [a.id, a.bsn, a.scheme, a.amountCents, a.period, a.startDate, a.endDate]);
      households++;
      persons += h.members.length;
      awards += h.awards.length;
      if (households % 100_000 === 0) log(`seeded ${households} households`);
    }
    await flushRegister();
    await Promise.all(
      [...streams.values()].map(async (s) => {
        s.end();
        await once(s, 'finish');
      }),
    );
    await admin.query(`ANALYZE ${allTables.join(', ')}`);
    return { households, persons, awards, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await admin.end();
  }
}

/**
 * The demo's consents: the twelve-part household lets Gemeente Utrecht see its income and its
 * household record for debt counselling — each adult for themselves, the children through
 * their mother as the parent with authority — so the demo caseworker's first query shows the
 * whole household. Each covers the seven demo agencies, each for what it holds (the
 * municipality income and household, the others income), as a consent given through the
 * consent service would; none covers agencies that join later. Stored with history; ids
 * derive from the seed. Demo consents seeded before consents fixed their reach are brought to
 * this form.
 */
/** Returns how many it added or brought up to date: none when they were there already. */
export async function seedDemoConsents(databaseUrl: string, seed: string, today = new Date()): Promise<number> {
  const day = today.toISOString().slice(0, 10);
  const household = generateHousehold(seed, 0, day);
  const coverage = DEMO_AGENCIES.flatMap((a) => (a.key === GEMEENTE.key ? [`${a.key}:household`, `${a.key}:income`] : [`${a.key}:income`]));
  const sourceNames = Object.fromEntries(DEMO_AGENCIES.map((a) => [a.key, a.name]));
  const sources = DEMO_AGENCIES.map((a) => a.key).sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    let added = 0;
    for (const m of household.members) {
      const id = uuidFrom(`demo-consent:${seed}:${m.bsn}`);
      const representative = household.parentalAuthority.find((a) => a.childBsn === m.bsn)?.parentBsn ?? null;
      const inserted = await client.query<{ inserted: boolean }>(
        `INSERT INTO consent.consent (id, subject_bsn, grantee_org, grantee_name, purpose, categories, sources, coverage, source_names,
                                      also_future_sources, representative_bsn, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, 'schuldhulpverlening', '{income,household}', $5, $6, $7, false, $8, $9, $9::timestamptz + interval '365 days')
         ON CONFLICT (id) DO UPDATE SET sources = EXCLUDED.sources, coverage = EXCLUDED.coverage, source_names = EXCLUDED.source_names,
           grantee_name = EXCLUDED.grantee_name, also_future_sources = false, representative_bsn = EXCLUDED.representative_bsn
         WHERE cardinality(consent.coverage) = 0
         RETURNING (xmax = 0) AS inserted`,
        [id, m.bsn, GEMEENTE.oin, GEMEENTE.name, sources, coverage, JSON.stringify(sourceNames), representative, today],
      );
      if (!inserted.rowCount) continue;
      if (inserted.rows[0]!.inserted)
        await client.query(`INSERT INTO consent.consent_history (consent_id, action, actor) VALUES ($1, 'granted', 'demo seed')`, [id]);
      added++;
    }
    await client.query('COMMIT');
    return added;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

/**
 * The law's own bases of the demo: Utrecht and Zeist receive early-warning signals of payment
 * arrears (vroegsignalering) from every signal partner, as every municipality must, and look the
 * resident up in the population register to offer help. Each municipality hears only of its own
 * residents: the plein routes a signal by where the resident lives, so the basis alone brings no
 * signal to anyone.
 */
export async function seedDemoStatutoryBases(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let added = 0;
    for (const municipality of [GEMEENTE, ZEIST]) {
      const inserted = await client.query(
        `INSERT INTO consent.statutory_basis (id, grantee_org, purpose, law, article, categories, sources, created_by)
         VALUES ($1, $2, 'vroegsignalering', 'Wet gemeentelijke schuldhulpverlening', 'art. 3 lid 1 sub b; Besluit gemeentelijke schuldhulpverlening §2', '{arrears,household}', '{}', 'demo seed')
         ON CONFLICT (id) DO NOTHING`,
        [uuidFrom(`demo-statutory:${municipality.oin}:vroegsignalering`), municipality.oin],
      );
      added += inserted.rowCount ?? 0;
    }
    return added;
  } finally {
    await client.end();
  }
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function householdCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM gemeente.household');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

function csv(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}
