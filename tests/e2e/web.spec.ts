import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ALL_OPERATIONS } from '../../apps/web/src/gateway/operations.js';
import { DEMO_INTEGRATOR, GEMEENTE, UWV, WOONCORP, ZEIST } from '@plein/demo-population';
import { serviceToken } from '../../tools/plein/tokens.js';
import { arrearsSignalSchema, caseStatusSchema, EventTypes } from '@plein/events';
import { launchBrowser, loginAs, wcagViolations } from '../support/browser.js';
import { grantConsent, sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { setOfficeHours } from '../support/misuse-thresholds.js';
import { freePort } from '../support/ports.js';
import { eventually } from '../support/wait.js';

/** `npm run screenshots` refreshes the ones in docs/ (shown in the README); a test run writes them aside. */
const SCREENSHOTS = process.env['UPDATE_SCREENSHOTS'] === '1' ? resolve('docs/screenshots') : join(tmpdir(), 'plein-screenshots');
const CASEWORKER = 'Sanne de Wit';
const FATIMA = 'Fatima El Amrani';
const YASSIN = 'Yassin El Amrani';
const PUBLISHER = 'Ilse Verhoeven';
const INTEGRATOR = 'Mo Bakker';
const ADMIN = 'Plein Beheer';
const ZEIST_OFFICER = 'Ruben de Groot';
const euro = (cents: number) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/**
 * The web pages in a real headless Chromium, through real logins at the realm, one flow per
 * audience, with axe's WCAG 2.0/2.1 A and AA rules on every page and state visited. On the plein
 * with npm start's settings, after the accountability tests (tests/support/e2e-sequencer.js).
 */
describe('the web pages', () => {
  let plein: PleinUnderTest;
  let browser: Browser;
  let web: string;

  beforeAll(async () => {
    plein = await sharedPlein('defaults');
    web = plein.manifest.webUrl;
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await plein?.stop();
  }, 60_000);

  const session = async (who: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await loginAs(page, web, who);
    return { context, page };
  };
  /** What an organisation's system does: registers an event type, then posts events of it about a resident (CloudEvents, binary mode). */
  const register = async (client: string, input: Record<string, unknown>) => {
    const res = await plein.gql(client, 'mutation($i: RegisterEventTypeInput!) { registerEventType(input: $i) { changed } }', { i: input });
    expect(res.errors).toBeUndefined();
  };
  const publishAbout = async (client: string, oin: string, type: string, id: string, data: unknown) => {
    const dispatcher = plein.manifest.apps.find((a) => a.name === 'dispatcher')!.url;
    const res = await fetch(`${dispatcher}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await serviceToken(plein.manifest.keycloakUrl, client, 'dispatcher')}`,
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': `urn:nld:oin:${oin}`,
        'ce-type': type,
        'ce-time': new Date().toISOString(),
        'plein-resident-bsn': plein.manifest.population.demoBsn,
      },
      body: JSON.stringify(data),
    });
    expect(res.status).toBe(202);
  };
  /** Every page and state a test visits is checked against WCAG 2.1 AA. */
  const accessible = async (page: Page, label: string) => {
    expect({ page: label, violations: await wcagViolations(page) }).toEqual({ page: label, violations: [] });
  };

  it("lets the caseworker find the El Amrani household by Fatima's BSN: 12 parts from 7 agencies, all OK, the right total", async () => {
    const { context, page } = await session(CASEWORKER);
    try {
      expect(new URL(page.url()).pathname).toBe('/huishoudens');
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      await accessible(page, 'caseworker: search');
      // The 11-proef as typed, and refused by the server too.
      await page.getByLabel('Burgerservicenummer').fill('123456789');
      await expect(page.locator('[data-bsn-status]').first().textContent()).resolves.toMatch(/klopt niet/);
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await expect(
        page
          .getByText(/geen geldig burgerservicenummer/)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      await accessible(page, 'caseworker: search with an invalid BSN');

      await page.getByLabel('Burgerservicenummer').fill(plein.manifest.population.demoBsn);
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.waitForURL(/\/huishoudens\/[0-9a-f-]{36}\?doel=schuldhulpverlening/);
      const total = (
        await plein.gql<{ household: { incomeOverview: { totalMonthlyCents: number } } }>(
          'klantmanager.utrecht',
          'query($id: ID!) { household(id: $id) { incomeOverview { totalMonthlyCents } } }',
          { id: plein.manifest.population.demoHouseholdId },
        )
      ).data!.household.incomeOverview.totalMonthlyCents;
      const summary = await page.locator('.plein-total').textContent();
      expect(summary).toContain(`${euro(total)} per maand`);
      expect(summary).toMatch(/uit 12 delen van 7 organisaties/);
      expect(summary).toContain('Alle organisaties antwoordden over alle leden.');
      const badges = await page.locator('table').first().locator('.plein-badge').allTextContents();
      expect(badges).toEqual(Array(7).fill('OK'));
      // The chart is described in words and its numbers are in a table as well.
      expect(await page.locator('svg[role="img"] desc').textContent()).toContain(`UWV: ${euro(89412)} per maand`);
      await expect(page.getByRole('table', { name: 'Maandinkomen per organisatie' }).isVisible()).resolves.toBe(true);
      await accessible(page, 'caseworker: household');
      await page.screenshot({ path: join(SCREENSHOTS, 'huishouden.png'), fullPage: true });

      // By address as well: postcode and house number.
      await page.goto(`${web}/huishoudens`);
      await page.getByLabel('Postcode').fill('3562jw');
      await page.getByLabel('Huisnummer').fill('112');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.waitForURL((u) => u.pathname === `/huishoudens/${plein.manifest.population.demoHouseholdId}`);
      await page.getByRole('link', { name: 'Afdrukversie' }).click();
      expect(await page.locator('.plein-total').textContent()).toContain(euro(total));
      await accessible(page, 'caseworker: print view');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('lets Fatima see a request with exactly what would be shared, and approve it; she sees who looked and finds help', async () => {
    // Utrecht's caseworker asks on the household page.
    const caseworker = await session(CASEWORKER);
    try {
      await caseworker.page.goto(`${web}/huishoudens/${plein.manifest.population.demoHouseholdId}?doel=schuldhulpverlening`);
      await caseworker.page.getByLabel('Burgerservicenummer van de inwoner').fill(plein.manifest.population.demoBsn);
      await caseworker.page.getByLabel('Bericht aan de inwoner (waarom)').fill('Om samen uw betalingen op orde te houden.');
      await caseworker.page.getByRole('button', { name: 'Verzoek versturen' }).click();
      await caseworker.page.waitForURL(/\/toestemmingsverzoeken$/);
      expect(await caseworker.page.getByRole('status').textContent()).toMatch(/verstuurd/);
      expect(await caseworker.page.locator('tbody').textContent()).toMatch(/Wacht op de inwoner/);
      await accessible(caseworker.page, 'caseworker: consent requests');
    } finally {
      await caseworker.context.close();
    }

    const { context, page } = await session(FATIMA);
    try {
      await page.goto(`${web}/mijn/verzoeken`);
      const card = page.locator('article').first();
      expect(await card.textContent()).toMatch(/Gemeente Utrecht vraagt toestemming/);
      expect(await card.textContent()).toMatch(/Schuldhulpverlening: samen met u een plan maken/);
      // Household records only from the municipality, in the resident's own language.
      expect(await card.locator('li').allTextContents()).toContainEqual(
        expect.stringMatching(/^Gemeente Utrecht: Inkomen: .*; Huishouden: /),
      );
      expect(await card.locator('li').allTextContents()).toContainEqual(expect.stringMatching(/^UWV: Inkomen: [^;]*$/));
      await accessible(page, 'resident: requests');
      await page.screenshot({ path: join(SCREENSHOTS, 'verzoek.png'), fullPage: true });
      await card.getByRole('button', { name: 'Goedkeuren' }).click();
      expect(await page.getByRole('status').textContent()).toMatch(/toestemming gegeven/);

      await page.goto(`${web}/mijn/toestemmingen`);
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toContainEqual('Gemeente Utrecht: Geldig');
      await accessible(page, 'resident: consents');

      // UWV tells the plein a case of hers moved on; her cases page shows where it stands and how it got there.
      const caseType = 'nl.uwv.zaak.status-gewijzigd.v1';
      await register('uwv-publisher', {
        type: caseType,
        summary: 'De status van een zaak bij UWV veranderde.',
        category: 'case',
        aboutResident: true,
        schema: JSON.stringify(caseStatusSchema()),
      });
      for (const [statustype, at] of [
        ['Aanvraag ontvangen', '2026-11-02T09:00:00Z'],
        ['In behandeling', '2026-11-04T14:30:00Z'],
      ])
        await publishAbout('uwv-publisher', UWV.oin, caseType, `web-${statustype}`, {
          zaakIdentificatie: 'WW-2026-0042',
          zaaktype: 'WW-uitkering',
          statustype,
          datumStatusGezet: at,
          einddatumGepland: '2026-12-15',
        });
      await page.goto(`${web}/mijn/zaken`);
      expect(await page.getByRole('alert').count()).toBe(0);
      const zaak = page.locator('article', { hasText: 'WW-2026-0042' });
      expect(await zaak.getByRole('heading', { level: 2 }).textContent()).toBe('WW-uitkering bij UWV');
      expect(await zaak.textContent()).toMatch(/In behandeling, sinds 4 nov 2026, 15:30/);
      expect(await zaak.locator('li').allTextContents()).toEqual([
        expect.stringMatching(/Aanvraag ontvangen$/),
        expect.stringMatching(/In behandeling$/),
      ]);
      await accessible(page, 'resident: cases');
      await page.screenshot({ path: join(SCREENSHOTS, 'mijn-zaken.png'), fullPage: true });

      await page.goto(`${web}/mijn/inzage`);
      const rows = await page.locator('tbody tr').allTextContents();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]).toMatch(/Gemeente Utrecht/);
      await accessible(page, 'resident: data tracker');

      await page.goto(`${web}/hulp`);
      await page.getByLabel(/Waar zoekt u hulp bij/).fill('ik kan de huur niet betalen');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Financiële zorgen');
      await accessible(page, 'resident: help');

      // Pages are for their role only.
      await page.goto(`${web}/huishoudens`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Geen toegang');
    } finally {
      await context.close();
    }
  }, 90_000);

  it("lets Yassin revoke his consent on his own pages; the caseworker's page then shows him only as a medebewoner, sources partly", async () => {
    const { context, page } = await session(YASSIN);
    try {
      await page.goto(`${web}/mijn/toestemmingen`);
      const utrecht = page.locator('article', { hasText: 'Schuldhulpverlening' }).first();
      await utrecht.getByRole('link', { name: 'Intrekken' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Toestemming intrekken');
      await accessible(page, 'resident: confirm revocation');
      await page.getByRole('button', { name: 'Ja, intrekken' }).click();
      expect(await page.getByRole('status').textContent()).toMatch(/ingetrokken/);
      await accessible(page, 'resident: consent revoked');
    } finally {
      await context.close();
    }

    const caseworker = await session(CASEWORKER);
    try {
      const members = await eventually(async () => {
        await caseworker.page.goto(`${web}/huishoudens/${plein.manifest.population.demoHouseholdId}?doel=schuldhulpverlening`);
        const items = await caseworker.page.locator('#leden + ul li').allTextContents();
        const badges = await caseworker.page.locator('table').first().locator('.plein-badge').allTextContents();
        // On a busy machine a basis may not be checkable for a moment ("Grondslag onbekend"): asked again.
        return items.some((i) => i.startsWith('Medebewoner')) && badges.every((b) => b === 'Gedeeltelijk') ? items : undefined;
      }, 15_000);
      expect(members.value.join('\n')).not.toMatch(/Yassin/);
      expect(await caseworker.page.locator('table').first().locator('.plein-badge').allTextContents()).toEqual(
        Array(7).fill('Gedeeltelijk'),
      );
      expect(await caseworker.page.locator('.plein-total').textContent()).toMatch(/Onvolledig/);
      await accessible(caseworker.page, 'caseworker: household with a medebewoner');
    } finally {
      await caseworker.context.close();
    }
  }, 90_000);

  it("shows a publisher's dry run with the breaking change before anything changes", async () => {
    const { context, page } = await session(PUBLISHER);
    try {
      expect(new URL(page.url()).pathname).toBe('/publiceren');
      await accessible(page, 'publisher: overview');
      const before = (await plein.gql<{ liveSupergraph: { id: number } }>('plein-operator', '{ liveSupergraph { id } }')).data!
        .liveSupergraph.id;
      const sdl = page.getByLabel('Schema (Federation 2 SDL)');
      const current = await sdl.inputValue();
      expect(current).toMatch(/birthDate: String!/);
      await sdl.fill(current.replace(/^.*birthDate: String!.*$/m, ''));
      await page.getByRole('button', { name: /Proefpublicatie/ }).click();
      const text = (await page.locator('main').textContent()) ?? '';
      // Refused (clients used it) or reported (nobody did): either way the page names the change.
      expect(text).toMatch(/Person\.birthDate|birthDate/);
      expect(text).toMatch(/Brekend|breaking change/);
      await accessible(page, 'publisher: dry run');
      await page.screenshot({ path: join(SCREENSHOTS, 'proefpublicatie.png'), fullPage: true });
      expect(
        (await plein.gql<{ liveSupergraph: { id: number } }>('plein-operator', '{ liveSupergraph { id } }')).data!.liveSupergraph.id,
      ).toBe(before);

      // A service of its own in the catalogue: published, then withdrawn.
      await page.goto(`${web}/publiceren`);
      const form = page.getByRole('region', { name: 'Dienst publiceren' });
      await form.getByLabel('Naam', { exact: true }).fill('Hulp bij huurachterstand');
      await form.getByLabel('Omschrijving').fill('Samen met u een regeling treffen met uw verhuurder.');
      await page.getByLabel('Adres van de dienst (https)').fill('https://www.utrecht.nl/huurachterstand');
      await page.getByLabel('Zoekwoorden').fill('huurachterstand, huurschuld');
      await page.getByRole('button', { name: 'Dienst publiceren' }).click();
      expect(await page.getByRole('status').first().textContent()).toMatch(/staat in de catalogus/);
      await accessible(page, 'publisher: service published');
      await page
        .locator('tr', { hasText: 'Hulp bij huurachterstand' })
        .getByRole('button', { name: /Intrekken/ })
        .click();
      expect(await page.getByRole('status').first().textContent()).toMatch(/ingetrokken/);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('lets an integrator see a dead letter with its error and deliver it again', async () => {
    let failing = true;
    const received: string[] = [];
    const port = await freePort();
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failing) return res.writeHead(503).end('even geduld');
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', r));
    const { context, page } = await session(INTEGRATOR);
    try {
      expect(new URL(page.url()).pathname).toBe('/abonnementen');
      await accessible(page, 'integrator: subscriptions');
      await page.getByLabel('Adres (https)').fill(`http://127.0.0.1:${port}/hook`);
      await page.getByLabel(EventTypes.CONSENT_GRANTED.type).check();
      await page.getByRole('button', { name: 'Webhook aanmaken' }).click();
      // The signing secret, shown once.
      expect(await page.locator('[data-secret]').textContent()).toMatch(/^whsec_/);
      await accessible(page, 'integrator: secret shown once');
      await page.reload();
      expect(await page.locator('[data-secret]').count()).toBe(0);

      // Fatima consents to the integrator's organisation: one event for it, which cannot be delivered yet.
      const granted = await plein.gql('fatima.elamrani', 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', {
        i: {
          granteeOrg: DEMO_INTEGRATOR.oin,
          purpose: 'vroegsignalering',
          categories: ['income'],
          validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      });
      expect(granted.errors).toBeUndefined();
      await page
        .getByRole('link', { name: /Details en niet-afgeleverd/ })
        .first()
        .click();
      // Its retries run out: the page then lists the dead letter and says delivery is paused, and why.
      const paused = page.getByText(
        /Aflevering gepauzeerd sinds .*: an event could not be delivered after 8 attempts: the receiver answered HTTP 503/,
      );
      await eventually(async () => {
        await page.reload();
        return (await page.locator('tbody tr').count()) > 0 && (await paused.count()) === 1 ? true : undefined;
      }, 20_000);
      expect(await page.locator('tbody').textContent()).toMatch(/503/);
      expect(await page.getByRole('button', { name: 'Hervatten' }).count()).toBe(1);
      await accessible(page, 'integrator: dead letters');
      await page.screenshot({ path: join(SCREENSHOTS, 'niet-afgeleverd.png'), fullPage: true });

      failing = false;
      await page
        .getByRole('button', { name: /^Opnieuw afleveren/ })
        .first()
        .click();
      expect(await page.getByRole('status').textContent()).toMatch(/1 gebeurtenis\(sen\) alsnog afgeleverd/);
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]!)).toMatchObject({ granteeOrg: DEMO_INTEGRATOR.oin });
      expect(await page.getByText('Alles is afgeleverd.').isVisible()).toBe(true);
      // Delivered again: the receiver is back, and delivery runs again.
      expect(await page.getByText(/Aflevering gepauzeerd/).count()).toBe(0);
    } finally {
      await context.close();
      receiver.close();
    }
  }, 90_000);

  it("shows Utrecht's caseworker the household's cases she has a basis for, and for vroegsignalering the housing corporation's arrears signal, which she records was picked up", async () => {
    const type = 'nl.thuis.huurachterstand.v1';
    await register('wooncorp-publisher', {
      type,
      summary: 'Een huurder heeft een huurachterstand (vroegsignaal).',
      category: 'arrears',
      aboutResident: true,
      schema: JSON.stringify(arrearsSignalSchema()),
    });
    await publishAbout('wooncorp-publisher', WOONCORP.oin, type, 'web-signal-1', {
      signaaldatum: '2026-12-01',
      ontstaansdatum: '2026-10-01',
      bedragInCenten: 145_000,
      signaalpartner: 'Huur',
      crisissignaal: true,
      warmeOverdracht: false,
    });
    // Fatima lets Utrecht see her cases at UWV (published in her own test above) for debt counselling.
    await grantConsent(plein, 'fatima.elamrani', {
      granteeOrg: GEMEENTE.oin,
      purpose: 'schuldhulpverlening',
      categories: ['case'],
      sources: ['uwv'],
    });
    const { context, page } = await session(CASEWORKER);
    try {
      // Her cases show in the household for that purpose; the signals do not: they are for vroegsignalering.
      const { value: caseRows } = await eventually(async () => {
        await page.goto(`${web}/huishoudens/${plein.manifest.population.demoHouseholdId}?doel=schuldhulpverlening`);
        const rows = await page
          .getByRole('table', { name: 'Zaken van de leden (waarvoor een grondslag is)' })
          .locator('tbody tr')
          .allTextContents();
        return rows.length > 0 ? rows : undefined;
      }, 15_000);
      expect(caseRows).toEqual([expect.stringMatching(/Fatima El Amrani.*UWV.*WW-uitkering.*WW-2026-0042.*In behandeling/)]);
      expect(await page.getByRole('heading', { name: 'Vroegsignalen' }).count()).toBe(0);
      await accessible(page, 'caseworker: household with cases');
      await page.goto(`${web}/huishoudens/${plein.manifest.population.demoHouseholdId}?doel=vroegsignalering`);
      const signals = page.getByRole('table', { name: 'Open vroegsignalen (betalingsachterstanden)' });
      expect(await signals.locator('tbody tr').allTextContents()).toEqual([
        expect.stringMatching(/Fatima El Amrani.*Woningcorporatie Thuis.*Huur.*1\.450,00.*crisissignaal.*Nog niet opgepakt/),
      ]);
      expect(await page.getByRole('alert').count()).toBe(0);
      await accessible(page, 'caseworker: household with early-warning signals');
      await page.screenshot({ path: join(SCREENSHOTS, 'vroegsignalen.png'), fullPage: true });

      await page.getByLabel('Nieuwe status').selectOption('OPGEPAKT');
      await page.getByRole('button', { name: 'Vastleggen' }).click();
      expect(await page.getByRole('status').textContent()).toMatch(/Vastgelegd: Opgepakt/);
      expect(await signals.locator('tbody tr td').last().textContent()).toBe('Opgepakt');
      // Closing without an end result is refused with the model's reason, and nothing changes.
      await page.getByLabel('Nieuwe status').selectOption('AFGESLOTEN');
      await page.getByRole('button', { name: 'Vastleggen' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/eindresultaat|end result/i);
      expect(await signals.locator('tbody tr td').last().textContent()).toBe('Opgepakt');
      await accessible(page, 'caseworker: a refused signal outcome');
    } finally {
      await context.close();
    }
  }, 90_000);

  it("tells Fatima a look at her data was unusual and lets her ask why; Zeist's security officer works the signal and answers her", async () => {
    // Zeist's office is closed now, whenever this runs; Fatima lets Zeist see her household record; Zeist's counsellor looks.
    await setOfficeHours(plein, 'security.zeist', 'closed now');
    await grantConsent(plein, 'fatima.elamrani', { granteeOrg: ZEIST.oin, purpose: 'schuldhulpverlening', categories: ['household'] });
    // The plein may have seen Zeist look before (the accountability tests): this look is the evidence that grows.
    const evidence = async () =>
      (
        await plein.gql<{ misuseSignals: Array<{ evidence: unknown[] }> }>('security.zeist', '{ misuseSignals { evidence { seq } } }')
      ).data?.misuseSignals.reduce((n, s) => n + s.evidence.length, 0) ?? 0;
    const before = await evidence();
    const looked = await plein.gql('schuldhulp.zeist', 'query($id: ID!) { household(id: $id) { id } }', {
      id: plein.manifest.population.demoHouseholdId,
    });
    expect(looked.errors).toBeUndefined();
    await eventually(async () => (await evidence()) > before, 20_000);

    const question = 'Waarom keek u buiten kantooruren naar mijn gegevens?';
    const fatima = await session(FATIMA);
    try {
      await fatima.page.goto(`${web}/mijn/inzage`);
      const marked = fatima.page.locator('tbody tr', { hasText: 'buiten de kantooruren' }).first();
      expect(await marked.textContent()).toMatch(/OIN 00000001001897811000/);
      await accessible(fatima.page, 'resident: data tracker with an unusual access');
      await marked.getByRole('link', { name: 'Vraag uitleg' }).click();
      await fatima.page.getByLabel('Uw vraag').fill(question);
      await accessible(fatima.page, 'resident: asking for an explanation');
      await fatima.page.getByRole('button', { name: 'Vraag versturen' }).click();
      await fatima.page.waitForURL(/\/mijn\/inzage$/);
      expect(await fatima.page.getByRole('status').textContent()).toMatch(/Uw vraag is verstuurd/);
    } finally {
      await fatima.context.close();
    }

    const officer = await session(ZEIST_OFFICER);
    try {
      expect(new URL(officer.page.url()).pathname).toBe('/toezicht');
      const signal = officer.page.locator('article', { hasText: 'Buiten kantooruren' }).first();
      expect(await signal.getByRole('heading', { level: 3 }).textContent()).toBe('Buiten kantooruren: Open');
      expect(await signal.textContent()).toMatch(/schuldhulp\.zeist/);
      await accessible(officer.page, 'security officer: queue');
      await officer.page.screenshot({ path: join(SCREENSHOTS, 'toezicht.png'), fullPage: true });
      await signal.getByLabel('Stap').selectOption('ASK_EMPLOYEE');
      await signal.getByLabel('Notitie (waarom)').fill('Graag uitleg: de inwoner vraagt ernaar.');
      await signal.getByRole('button', { name: 'Vastleggen' }).click();
      expect(await officer.page.getByRole('status').textContent()).toMatch(/Uitleg gevraagd aan medewerker/);
      const request = officer.page.locator('article', { hasText: question });
      await request.getByLabel('Antwoord aan de inwoner').fill('Onze schuldhulpverlener bereidde een spoedzaak voor.');
      await request.getByRole('button', { name: 'Antwoord versturen' }).click();
      expect(await officer.page.getByRole('status').textContent()).toMatch(/Het antwoord staat nu bij de inwoner/);
      // The periodic report, specific for the officer, as a table and as CSV.
      await officer.page.getByLabel('Soort').selectOption('specific');
      await officer.page.getByRole('button', { name: 'Toon' }).click();
      expect(await officer.page.locator('tbody').textContent()).toMatch(/schuldhulp\.zeist/);
      await accessible(officer.page, 'security officer: report');
      const csv = await officer.page.request.get(`${officer.page.url().replace('vorm=tabel', 'vorm=csv')}`);
      expect((await csv.text()).split('\r\n')[0]).toBe('day,source,purpose,outcome,actor,subject,accesses');
    } finally {
      await officer.context.close();
    }

    const again = await session(FATIMA);
    try {
      await again.page.goto(`${web}/mijn/inzage`);
      expect(await again.page.locator('section', { hasText: 'Uw vragen om uitleg' }).textContent()).toMatch(
        /Onze schuldhulpverlener bereidde een spoedzaak voor/,
      );
    } finally {
      await again.context.close();
    }
  }, 120_000);

  it('shows the administrator agencies, supergraph versions with who published what, and statutory bases', async () => {
    const { context, page } = await session(ADMIN);
    try {
      expect(new URL(page.url()).pathname).toBe('/beheer');
      expect(await page.locator('main').textContent()).toMatch(/Gemeente Zeist/);
      await accessible(page, 'administrator: overview');
      await page.screenshot({ path: join(SCREENSHOTS, 'beheer.png') });
    } finally {
      await context.close();
    }
  }, 60_000);

  it("sends only documents that are valid against the plein's live API (the list the gateway can require)", async () => {
    const introspection = await plein.gql<IntrospectionQuery>('plein-operator', getIntrospectionQuery());
    const schema = buildClientSchema(introspection.data!);
    const problems = ALL_OPERATIONS.flatMap((op) => validate(schema, parse(op.document)).map((e) => `${op.name}: ${e.message}`));
    expect(problems).toEqual([]);
    expect(new Set(ALL_OPERATIONS.map((op) => op.name)).size).toBe(ALL_OPERATIONS.length);
  }, 30_000);

  it('has a WCAG check that finds what it looks for (the control for every page found clean above)', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent('<html><body><img src="chart.png"><input type="text"><a href="/x"></a></body></html>');
      const found = (await wcagViolations(page)).map((v) => v.id);
      expect(found).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label', 'link-name']));
    } finally {
      await context.close();
    }
  }, 30_000);

  it('works by keyboard alone: skip link first, then the search form to the household', async () => {
    const { context, page } = await session(CASEWORKER);
    try {
      await page.goto(`${web}/huishoudens`);
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Naar de inhoud');
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('inhoud');
      // From the content: the purpose, then the BSN; Enter sends the form.
      for (let i = 0; i < 10 && (await page.evaluate('document.activeElement.id')) !== 'bsn'; i++) await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('bsn');
      await page.keyboard.type(plein.manifest.population.demoBsn);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/huishoudens\/[0-9a-f-]{36}\?doel=/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Huishouden Zamenhofdreef 112/);
    } finally {
      await context.close();
    }
  }, 60_000);

  describe('what an attacker would try', () => {
    it('keeps tokens out of the browser: an httpOnly SameSite cookie, a CSP without inline script, no token in any page', async () => {
      const { context, page } = await session(FATIMA);
      try {
        const cookies = await context.cookies();
        expect(cookies.map((c) => c.name)).toContain('plein_sessie');
        const cookie = cookies.find((c) => c.name === 'plein_sessie')!;
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
        const res = await page.goto(`${web}/mijn/toestemmingen`);
        const csp = res!.headers()['content-security-policy']!;
        expect(csp).toMatch(/script-src 'self'/);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
        expect(res!.headers()['x-frame-options']).toBeDefined();
        expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
        expect(await page.evaluate('document.cookie')).not.toContain('plein_sessie');
      } finally {
        await context.close();
      }
    }, 60_000);

    it('changes nothing on a forged form post without the CSRF token', async () => {
      const { context, page } = await session(FATIMA);
      try {
        const before = (
          await plein.gql<{ myConsents: Array<{ id: string; status: string }> }>('fatima.elamrani', '{ myConsents { id status } }')
        ).data!.myConsents;
        const target = before.find((c) => c.status === 'ACTIVE')!;
        // Another site cannot read the token; its post carries the cookie (at best) and nothing else.
        const forged = await page.request.post(`${web}/mijn/toestemmingen/${target.id}/intrekken`, { form: { _csrf: 'geraden' } });
        expect(forged.status()).toBe(403);
        const after = (
          await plein.gql<{ myConsents: Array<{ id: string; status: string }> }>('fatima.elamrani', '{ myConsents { id status } }')
        ).data!.myConsents;
        expect(after.find((c) => c.id === target.id)!.status).toBe('ACTIVE');
      } finally {
        await context.close();
      }
    }, 60_000);

    it('keeps sessions in Postgres: a second web process serves the same session, and logout ends it everywhere', async () => {
      const { context, page } = await session(FATIMA);
      const port = await freePort();
      let second: ChildProcess | undefined;
      try {
        second = spawn(process.execPath, [resolve('dist/apps/web/src/main.js')], {
          env: {
            ...process.env,
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_URL: plein.databaseUrl,
            KEYCLOAK_URL: plein.manifest.keycloakUrl,
            KEYCLOAK_AUDIENCE: 'plein-api',
            GATEWAY_URL: plein.manifest.gatewayUrl,
            WEB_PUBLIC_URL: web,
            SESSION_KEY: readFileSync(join(plein.home, 'web-session.key'), 'utf8').trim(),
          },
          stdio: 'ignore',
        });
        const replica = `http://127.0.0.1:${port}`;
        await eventually(async () => ((await fetch(`${replica}/health/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000);
        await page.goto(`${replica}/mijn/toestemmingen`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn toestemmingen');

        await page.goto(`${web}/mijn/toestemmingen`);
        await page.getByRole('button', { name: 'Uitloggen' }).click();
        // RP-initiated logout: the realm asks, and ends its own session too.
        await page.getByRole('button', { name: 'Ja, uitloggen' }).click();
        await page.waitForURL((u) => u.href === `${web}/`);
        await page.goto(`${replica}/mijn/toestemmingen`);
        // No session any more: the replica sends the visitor to log in at the realm.
        expect(page.url()).toMatch(/\/realms\/plein\//);
      } finally {
        second?.kill('SIGTERM');
        await context.close();
      }
    }, 90_000);
  });
});
