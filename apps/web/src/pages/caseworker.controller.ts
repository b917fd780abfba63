import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { PURPOSES, type Purpose } from '@plein/consent';
import { isValidBsn } from '@plein/domain';
import { SIGNAL_RESULTS, SIGNAL_STATUSES, type SignalStatus } from '@plein/events';
import { Gateway } from '../gateway/gateway.js';
import {
  CONSENT_REQUESTS,
  HOUSEHOLD_AT,
  HOUSEHOLD_OF_PERSON,
  HOUSEHOLD_CASES,
  HOUSEHOLD_PAGE,
  HOUSEHOLD_SIGNALS,
  RECORD_SIGNAL_OUTCOME,
  REQUEST_CONSENT,
  type EarlyWarningSignalView,
  type HouseholdCaseView,
  type HouseholdPage,
} from '../gateway/operations.js';
import { dutchDate, euro, html, type Html } from '../views/html.js';
import { categoryCheckboxes, field, page, postForm, table } from '../views/layout.js';
import { incomeChart, PERIODS, sourcesTable } from '../views/income.js';
import { handle, list, problem, redirectWith, render, send, str, userWith, viewerOf } from './common.js';

const ROLE = 'caseworker';

/** A member by name, as the household page lists them. */
function memberName(h: HouseholdPage['household'], bsn: string | null): string {
  const m = h.members.find((x) => x.bsn === bsn);
  return m ? `${m.givenName} ${m.familyName}` : 'onbekend lid';
}

function purposeSelect(purposes: readonly string[], chosen: string): Html {
  return html`<select class="utrecht-select" id="doel" name="doel" required>
    ${purposes.map((p) => html`<option value="${p}" ${p === chosen ? html`selected` : ''}>${PURPOSES[p as Purpose] ?? p}</option>`)}
  </select>`;
}

/**
 * The caseworker's pages: find a household (by BSN or address) for a stated purpose, see its
 * income from every agency with what each answered, and ask for consent where it is missing.
 */
@Controller()
@Public('the web pages: every page checks the session and role itself')
export class CaseworkerController {
  constructor(@Inject(Gateway) private readonly gateway: Gateway) {}

  @Get('huishoudens')
  search(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      render(req, res, { title: 'Huishouden zoeken', body: this.searchForm(user.purposes, {}) });
    });
  }

  private searchForm(
    purposes: readonly string[],
    o: { bsn?: string; postcode?: string; huisnummer?: string; doel?: string; error?: string },
  ): Html {
    return html`<form method="get" action="/huishoudens/zoek" class="plein-form" novalidate>
      ${field({ id: 'doel', label: 'Doel', description: 'Waarvoor hebt u de gegevens nodig? Alleen doelen die uw rol toestaat.', input: purposeSelect(purposes, o.doel ?? '') })}
      <fieldset class="utrecht-form-fieldset">
        <legend class="utrecht-form-fieldset__legend">Zoek op burgerservicenummer</legend>
        ${field({
          id: 'bsn',
          label: 'Burgerservicenummer',
          description: 'Negen cijfers; het nummer wordt gecontroleerd met de elfproef terwijl u typt.',
          error: o.error ?? null,
          input: html`<input
              class="utrecht-textbox"
              id="bsn"
              name="bsn"
              inputmode="numeric"
              autocomplete="off"
              maxlength="9"
              data-bsn
              value="${o.bsn ?? ''}"
              aria-describedby="bsn-uitleg${o.error ? ' bsn-fout' : ''}"
              ${o.error ? html`aria-invalid="true"` : ''}
            /><span class="plein-live" aria-live="polite" data-bsn-status></span>`,
        })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset">
        <legend class="utrecht-form-fieldset__legend">Of zoek op adres</legend>
        ${field({ id: 'postcode', label: 'Postcode', input: html`<input class="utrecht-textbox" id="postcode" name="postcode" autocomplete="off" value="${o.postcode ?? ''}" />` })}
        ${field({ id: 'huisnummer', label: 'Huisnummer', input: html`<input class="utrecht-textbox" id="huisnummer" name="huisnummer" autocomplete="off" value="${o.huisnummer ?? ''}" />` })}
      </fieldset>
      <button class="utrecht-button utrecht-button--primary-action" type="submit">Zoeken</button>
    </form>`;
  }

  @Get('huishoudens/zoek')
  find(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      const bsn = str(req.query['bsn']).replace(/\s/g, '');
      const postcode = str(req.query['postcode']);
      const huisnummer = str(req.query['huisnummer']);
      const doel = str(req.query['doel']);
      const again = (error: string) =>
        render(req, res, {
          title: 'Huishouden zoeken',
          status: 400,
          body: this.searchForm(user.purposes, { bsn, postcode, huisnummer, doel, error }),
        });
      if (!user.purposes.includes(doel)) return again('Kies een doel dat uw rol toestaat.');
      let id: string | undefined;
      if (bsn) {
        if (!isValidBsn(bsn)) return again('Dit is geen geldig burgerservicenummer: negen cijfers die de elfproef doorstaan.');
        const answer = await this.gateway.run(req, HOUSEHOLD_OF_PERSON, { bsn }, doel);
        if (!answer.data) return again(problem(answer.errors));
        id = answer.data.person.household.id;
      } else if (postcode && huisnummer) {
        const answer = await this.gateway.run(req, HOUSEHOLD_AT, { postalCode: postcode, houseNumber: huisnummer }, doel);
        if (!answer.data) return again(problem(answer.errors));
        id = answer.data.householdAt.id;
      } else return again('Vul een burgerservicenummer in, of een postcode en huisnummer.');
      res.redirect(303, `/huishoudens/${encodeURIComponent(id)}?doel=${encodeURIComponent(doel)}`);
    });
  }

  @Get('huishoudens/:id')
  household(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.householdPage(req, res, id, false);
  }

  @Get('huishoudens/:id/afdruk')
  print(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.householdPage(req, res, id, true);
  }

  private householdPage(req: Request, res: Response, id: string, print: boolean): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      const doel = str(req.query['doel']);
      if (!user.purposes.includes(doel)) return res.redirect(303, '/huishoudens');
      // Cases come from the dispatcher, asked apart: if it cannot answer, the household and its income still show.
      // Early-warning signals are the municipality's for vroegsignalering only: asked for that purpose alone.
      const [answer, cases, signals] = await Promise.all([
        this.gateway.run(req, HOUSEHOLD_PAGE, { id }, doel),
        this.gateway.run(req, HOUSEHOLD_CASES, { id }, doel),
        doel === 'vroegsignalering' ? this.gateway.run(req, HOUSEHOLD_SIGNALS, { id }, doel) : null,
      ]);
      if (!answer.data) {
        return render(req, res, {
          title: 'Huishouden',
          status: 403,
          body: html`<p class="utrecht-paragraph">${problem(answer.errors)}</p>
            <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">Terug naar zoeken</a></p>`,
        });
      }
      const csrf = viewerOf(req)!.csrf;
      const h = answer.data.household;
      // The signals come first for vroegsignalering: they are why the caseworker opened the household.
      const body = this.householdBody(
        h,
        doel,
        csrf,
        print,
        html`${signals ? this.signalsSection(h, signals.data?.household.earlyWarningSignals ?? null, doel, csrf, print) : ''}
        ${this.casesSection(h, cases.data?.household.cases ?? null)}`,
      );
      if (print)
        return send(
          res,
          page({
            title: `Inkomensoverzicht ${answer.data.household.address.street} ${answer.data.household.address.houseNumber}`,
            viewer: null,
            body,
          }),
        );
      render(req, res, { title: `Huishouden ${answer.data.household.address.street} ${answer.data.household.address.houseNumber}`, body });
    });
  }

  private householdBody(h: HouseholdPage['household'], doel: string, csrf: string, print: boolean, first: Html | string): Html {
    const o = h.incomeOverview;
    const oneOffs = o.members.flatMap((m) => m.oneOffPayments.map((p) => ({ ...p, member: m.name })));
    const parts = o.members.reduce((n, m) => n + m.streams.length + m.oneOffPayments.length, 0);
    const agenciesAnswering = new Set(o.members.flatMap((m) => [...m.streams, ...m.oneOffPayments].map((s) => s.agencyKey))).size;
    return html` <p class="utrecht-paragraph">
        ${h.address.street} ${h.address.houseNumber}, ${h.address.postalCode} ${h.address.city} · doel: ${PURPOSES[doel as Purpose] ?? doel}
      </p>
      ${print ? '' : html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens/${h.id}/afdruk?doel=${doel}">Afdrukversie</a></p>`}
      <section aria-labelledby="leden">
        <h2 class="utrecht-heading-2" id="leden">Leden</h2>
        <ul class="utrecht-unordered-list">
          ${h.members.map((m) => html`<li>${m.givenName} ${m.familyName}, geboren ${dutchDate(m.birthDate)}</li>`)}
          ${Array.from({ length: h.coResidentCount }, () => html`<li>Medebewoner (geen grondslag om deze persoon te zien)</li>`)}
        </ul>
      </section>
      ${first}
      <section aria-labelledby="totaal">
        <h2 class="utrecht-heading-2" id="totaal">Inkomen van het huishouden</h2>
        <p class="utrecht-paragraph plein-total">
          <strong>${euro(o.totalMonthlyCents)} per maand</strong>, uit ${parts} delen van ${agenciesAnswering} organisaties.
          ${o.complete ? 'Alle organisaties antwoordden over alle leden.' : html`<strong>Onvolledig:</strong> niet alle organisaties antwoordden over alle leden.`}
        </p>
        ${sourcesTable(o.sources)}
      </section>
      <section aria-labelledby="per-organisatie">
        <h2 class="utrecht-heading-2" id="per-organisatie">Per organisatie</h2>
        ${incomeChart(o.agencies)}
        ${table({
          caption: 'Maandinkomen per organisatie',
          head: ['Organisatie', 'Aantal delen', 'Per maand'],
          rows: o.agencies.map((a) => [a.agencyName, a.streamCount, euro(a.totalMonthlyCents)]),
          foot: ['Totaal', '', euro(o.totalMonthlyCents)],
        })}
      </section>
      ${o.members.map(
        (m, i) =>
          html`<section aria-labelledby="lid-${i}">
            <h2 class="utrecht-heading-2" id="lid-${i}">${m.name}: ${euro(m.totalMonthlyCents)} per maand</h2>
            ${
              m.streams.length === 0
                ? html`<p class="utrecht-paragraph">Geen doorlopend inkomen gevonden bij de organisaties die antwoordden.</p>`
                : table({
                    caption: `Inkomen van ${m.name}`,
                    head: ['Organisatie', 'Regeling', 'Bedrag', 'Per maand'],
                    rows: m.streams.map((s) => [
                      s.agencyName,
                      s.schemeName,
                      `${euro(s.amountCents)} ${PERIODS[s.period] ?? s.period}`,
                      euro(s.monthlyCents ?? 0),
                    ]),
                    foot: ['Totaal', '', '', euro(m.totalMonthlyCents)],
                  })
            }
          </section>`,
      )}
      ${
        oneOffs.length > 0
          ? html`<section aria-labelledby="eenmalig">
              <h2 class="utrecht-heading-2" id="eenmalig">Eenmalige betalingen (niet in het maandtotaal)</h2>
              ${table({
                caption: 'Eenmalige betalingen van het afgelopen jaar',
                head: ['Lid', 'Organisatie', 'Regeling', 'Bedrag', 'Datum'],
                rows: oneOffs.map((p) => [p.member, p.agencyName, p.schemeName, euro(p.amountCents), dutchDate(p.startDate)]),
              })}
            </section>`
          : ''
      }
      ${print ? '' : this.requestForm(doel, csrf, h.coResidentCount)}`;
  }

  /**
   * The household's open early-warning signals, routed to this municipality, each with what may
   * happen to it next in the data model's terms. Null: the signals could not be read (say so, never
   * show an empty list for it).
   */
  private signalsSection(
    h: HouseholdPage['household'],
    signals: EarlyWarningSignalView[] | null,
    doel: string,
    csrf: string,
    print: boolean,
  ): Html {
    const content =
      signals === null
        ? html`<p class="utrecht-paragraph" role="alert">De vroegsignalen konden niet worden opgehaald. Probeer het later opnieuw.</p>`
        : signals.length === 0
          ? html`<p class="utrecht-paragraph">Geen open vroegsignalen voor dit huishouden.</p>`
          : html`${table({
              caption: 'Open vroegsignalen (betalingsachterstanden)',
              head: ['Lid', 'Signaalpartner', 'Soort', 'Bedrag', 'Achterstand sinds', 'Signaaldatum', 'Bijzonder', 'Status'],
              rows: signals.map((x) => [
                memberName(h, x.bsn),
                x.partnerName,
                x.signaalpartner,
                euro(x.bedragInCenten),
                dutchDate(x.ontstaansdatum),
                dutchDate(x.signaaldatum),
                [x.crisissignaal ? 'crisissignaal' : '', x.warmeOverdracht ? 'warme overdracht' : ''].filter(Boolean).join(', ') || '—',
                SIGNAL_STATUSES[x.status as SignalStatus] ?? x.status,
              ]),
            })}
            ${print ? '' : signals.map((x, i) => this.outcomeForm(x, i, memberName(h, x.bsn), h.id, doel, csrf))}`;
    return html`<section aria-labelledby="vroegsignalen">
      <h2 class="utrecht-heading-2" id="vroegsignalen">Vroegsignalen</h2>
      ${content}
    </section>`;
  }

  /** The members' cases at agencies, where the organisation has a basis for them; an empty table is not shown. */
  private casesSection(h: HouseholdPage['household'], cases: HouseholdCaseView[] | null): Html | string {
    if (cases !== null && cases.length === 0) return '';
    return html`<section aria-labelledby="zaken">
      <h2 class="utrecht-heading-2" id="zaken">Zaken bij organisaties</h2>
      ${
        cases === null
          ? html`<p class="utrecht-paragraph" role="alert">De zaken konden niet worden opgehaald. Probeer het later opnieuw.</p>`
          : table({
              caption: 'Zaken van de leden (waarvoor een grondslag is)',
              head: ['Lid', 'Organisatie', 'Zaak', 'Nummer', 'Status', 'Sinds'],
              rows: cases.map((c) => [
                memberName(h, c.bsn),
                c.agencyName,
                c.zaaktype,
                c.zaakIdentificatie,
                c.einddatum ? `${c.status} (afgerond)` : c.status,
                dutchDate(c.statusSince),
              ]),
            })
      }
    </section>`;
  }

  private outcomeForm(x: EarlyWarningSignalView, i: number, member: string, householdId: string, doel: string, csrf: string): Html {
    return postForm(
      `/vroegsignalen/${encodeURIComponent(x.ref)}`,
      csrf,
      html`<fieldset class="utrecht-form-fieldset">
        <legend class="utrecht-form-fieldset__legend">Signaal van ${x.partnerName} over ${member}: wat is ermee gedaan?</legend>
        <input type="hidden" name="huishouden" value="${householdId}" />
        <input type="hidden" name="doel" value="${doel}" />
        ${field({
          id: `status-${i}`,
          label: 'Nieuwe status',
          input: html`<select class="utrecht-select" id="status-${i}" name="status" required>
            ${x.nextStatuses.map((st) => html`<option value="${st}">${SIGNAL_STATUSES[st as SignalStatus] ?? st}</option>`)}
          </select>`,
        })}
        ${field({
          id: `resultaat-${i}`,
          label: 'Eindresultaat (alleen bij afsluiten)',
          input: html`<select class="utrecht-select" id="resultaat-${i}" name="resultaat">
            <option value="">—</option>
            ${Object.entries(SIGNAL_RESULTS).map(([code, label]) => html`<option value="${code}">${label}</option>`)}
          </select>`,
        })}
        ${field({
          id: `notitie-${i}`,
          label: 'Notitie (alleen voor de gemeente)',
          input: html`<textarea class="utrecht-textarea" id="notitie-${i}" name="notitie" maxlength="2000" rows="2"></textarea>`,
        })}
        <button class="utrecht-button utrecht-button--secondary-action" type="submit">Vastleggen</button>
      </fieldset>`,
    );
  }

  @Post('vroegsignalen/:ref')
  recordOutcome(@Req() req: Request, @Res() res: Response, @Param('ref') ref: string): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const doel = str(body['doel']);
      const householdId = str(body['huishouden']);
      if (doel !== 'vroegsignalering' || !user.purposes.includes(doel)) return res.redirect(303, '/huishoudens');
      const back = `/huishoudens/${encodeURIComponent(householdId)}?doel=${encodeURIComponent(doel)}`;
      const answer = await this.gateway.run(
        req,
        RECORD_SIGNAL_OUTCOME,
        { ref, i: { status: str(body['status']), resultaat: str(body['resultaat']) || null, note: str(body['notitie']) || null } },
        doel,
      );
      if (!answer.data || answer.errors?.length) return redirectWith(req, res, back, { kind: 'error', text: problem(answer.errors) });
      redirectWith(req, res, back, {
        kind: 'ok',
        text: `Vastgelegd: ${SIGNAL_STATUSES[answer.data.recordSignalOutcome.status as SignalStatus] ?? answer.data.recordSignalOutcome.status}.`,
      });
    });
  }

  private requestForm(doel: string, csrf: string, coResidents: number): Html {
    return html`<section aria-labelledby="vragen">
      <h2 class="utrecht-heading-2" id="vragen">Toestemming vragen</h2>
      <p class="utrecht-paragraph">
        ${coResidents > 0 ? `${coResidents} medebewoner(s) ziet u niet. ` : ''}Vraag een inwoner om toestemming; er wordt niets gedeeld tot
        de inwoner het verzoek goedkeurt.
      </p>
      ${postForm(
        '/toestemmingsverzoeken',
        csrf,
        html`<input type="hidden" name="doel" value="${doel}" />
          ${field({
            id: 'verzoek-bsn',
            label: 'Burgerservicenummer van de inwoner',
            input: html`<input
                class="utrecht-textbox"
                id="verzoek-bsn"
                name="bsn"
                inputmode="numeric"
                maxlength="9"
                autocomplete="off"
                data-bsn
                required
              /><span class="plein-live" aria-live="polite" data-bsn-status></span>`,
          })}
          ${categoryCheckboxes('cat', 'Welke gegevens', true)}
          ${field({ id: 'bericht', label: 'Bericht aan de inwoner (waarom)', input: html`<textarea class="utrecht-textarea" id="bericht" name="bericht" maxlength="500" rows="3"></textarea>` })}
          <button class="utrecht-button utrecht-button--primary-action" type="submit">Verzoek versturen</button>`,
      )}
    </section>`;
  }

  @Post('toestemmingsverzoeken')
  ask(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const bsn = str(body['bsn']).replace(/\s/g, '');
      const doel = str(body['doel']);
      if (!isValidBsn(bsn))
        return redirectWith(req, res, '/toestemmingsverzoeken', { kind: 'error', text: 'Dit is geen geldig burgerservicenummer.' });
      if (!user.purposes.includes(doel))
        return redirectWith(req, res, '/toestemmingsverzoeken', { kind: 'error', text: 'Kies een doel dat uw rol toestaat.' });
      const answer = await this.gateway.run(req, REQUEST_CONSENT, {
        i: {
          subjectBsn: bsn,
          purpose: doel,
          categories: list(body['categorieen']),
          sources: [],
          validUntil: new Date(Date.now() + 180 * 86_400_000).toISOString(),
          message: str(body['bericht']) || null,
        },
      });
      if (!answer.data) return redirectWith(req, res, '/toestemmingsverzoeken', { kind: 'error', text: problem(answer.errors) });
      redirectWith(req, res, '/toestemmingsverzoeken', {
        kind: 'ok',
        text: 'Het verzoek is verstuurd. De inwoner ziet het bij Verzoeken.',
      });
    });
  }

  @Get('toestemmingsverzoeken')
  requests(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, CONSENT_REQUESTS);
      const rows = answer.data?.consentRequests ?? [];
      const STATUS: Record<string, string> = { PENDING: 'Wacht op de inwoner', APPROVED: 'Goedgekeurd', DECLINED: 'Afgewezen' };
      render(req, res, {
        title: 'Toestemmingsverzoeken',
        body:
          rows.length === 0
            ? html`<p class="utrecht-paragraph">Uw organisatie heeft nog geen verzoeken verstuurd.</p>`
            : table({
                caption: 'Verzoeken van uw organisatie, nieuwste eerst',
                head: ['Verstuurd', 'Door', 'Doel', 'Organisaties', 'Status'],
                rows: rows.map((r) => [
                  dutchDate(r.createdAt),
                  r.requestedBy,
                  PURPOSES[r.purpose as Purpose] ?? r.purpose,
                  r.preview.map((p) => p.agencyName).join(', '),
                  STATUS[r.status] ?? r.status,
                ]),
              }),
      });
    });
  }
}
