import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { toCsv } from '@plein/domain';
import { Gateway } from '../gateway/gateway.js';
import {
  ACCESS_REPORT,
  ACT_ON_MISUSE_SIGNAL,
  ANSWER_EXPLANATION,
  EXPLANATION_REQUESTS,
  MISUSE_SIGNALS,
  type AccessReportLineView,
  type MisuseSignalView,
} from '../gateway/operations.js';
import { dutchDate, dutchDateTime, html, type Html } from '../views/html.js';
import { field, postForm, table } from '../views/layout.js';
import { failureOf, handle, problem, redirectWith, render, str, userWith, viewerOf } from './common.js';

const ROLE = 'security-officer';

const RULES: Record<string, string> = {
  OUTSIDE_OFFICE_HOURS: 'Buiten kantooruren',
  MANY_HOUSEHOLDS: 'Veel meer huishoudens dan collega’s',
  REPEATED_REFUSALS: 'Herhaald geweigerd zonder grondslag',
  PROTECTED_RESIDENT: 'Beschermde inwoner opgezocht',
  NO_EARLIER_BASIS: 'Eerste inzage op alleen een wettelijke grondslag',
  BURST: 'Piek van één account',
};
const STATUSES: Record<string, string> = {
  open: 'Open',
  acknowledged: 'In behandeling',
  'explanation-asked': 'Uitleg gevraagd aan medewerker',
  explained: 'Uitleg gegeven',
  closed: 'Gesloten',
  escalated: 'Opgeschaald',
};
const ACTIONS: Record<string, string> = {
  ACKNOWLEDGE: 'In behandeling nemen',
  ASK_EMPLOYEE: 'Medewerker om uitleg vragen',
  CLOSE: 'Sluiten',
  ESCALATE: 'Opschalen',
};
const STEPS: Record<string, string> = {
  acknowledge: 'in behandeling genomen',
  'ask-employee': 'uitleg gevraagd',
  explain: 'uitleg gegeven door medewerker',
  close: 'gesloten',
  escalate: 'opgeschaald',
};

/** A pseudonym or hash, shortened for reading; the whole value is in the report and the API. */
const short = (value: string | null) => (value ? `${value.replace('urn:plein:pseudonym:', '').slice(0, 10)}…` : '—');

/**
 * The security officer's pages: the queue of misuse signals about their own organisation's
 * accesses, with the evidence and the steps taken; residents' requests for an explanation; and
 * the periodic access reports, as a table and as CSV.
 */
@Controller()
@Public('the web pages: every page checks the session and role itself')
export class SecurityOfficerController {
  constructor(@Inject(Gateway) private readonly gateway: Gateway) {}

  @Get('toezicht')
  queue(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const csrf = viewerOf(req)!.csrf;
      const [signals, requests] = await Promise.all([this.gateway.run(req, MISUSE_SIGNALS), this.gateway.run(req, EXPLANATION_REQUESTS)]);
      const open = (signals.data?.misuseSignals ?? []).filter((s) => s.status !== 'closed');
      const closed = (signals.data?.misuseSignals ?? []).filter((s) => s.status === 'closed');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
      render(req, res, {
        title: 'Toezicht op gebruik van gegevens',
        body: html`${failureOf(signals, requests)}
          <section aria-labelledby="signalen">
            <h2 class="utrecht-heading-2" id="signalen">Signalen (${open.length} open)</h2>
            ${open.length === 0 ? html`<p class="utrecht-paragraph">Geen open signalen.</p>` : open.map((s) => this.signal(s, csrf))}
            ${
              closed.length > 0
                ? html`<details>
                    <summary>Gesloten signalen (${closed.length})</summary>
                    ${closed.map((s) => this.signal(s, csrf))}
                  </details>`
                : ''
            }
          </section>
          <section aria-labelledby="uitleg">
            <h2 class="utrecht-heading-2" id="uitleg">Vragen van inwoners om uitleg</h2>
            ${
              (requests.data?.explanationRequests ?? []).length === 0
                ? html`<p class="utrecht-paragraph">Geen vragen.</p>`
                : (requests.data?.explanationRequests ?? []).map(
                    (r) =>
                      html`<article class="plein-card" aria-labelledby="vraag-${r.id}">
                        <h3 class="utrecht-heading-3" id="vraag-${r.id}">
                          Vraag van ${dutchDateTime(r.askedAt)}, antwoorden vóór ${dutchDate(r.dueAt)}
                        </h3>
                        <p class="utrecht-paragraph">${r.question}</p>
                        <p class="utrecht-paragraph">
                          Over: ${r.record.name} bij ${r.record.source} op ${dutchDateTime(r.record.at)}, doel ${r.record.purpose}, door
                          ${r.record.actor ?? 'onbekend'}
                        </p>
                        ${
                          r.answer
                            ? html`<p class="utrecht-paragraph">
                                <strong>Beantwoord</strong> (${dutchDateTime(r.answeredAt!)}): ${r.answer}
                              </p>`
                            : postForm(
                                `/toezicht/uitleg/${encodeURIComponent(r.id)}`,
                                csrf,
                                html`${field({ id: `antwoord-${r.id}`, label: 'Antwoord aan de inwoner', input: html`<textarea class="utrecht-textarea" id="antwoord-${r.id}" name="antwoord" rows="3" maxlength="4000" required></textarea>` })}
                                  <button class="utrecht-button utrecht-button--primary-action" type="submit">Antwoord versturen</button>`,
                              )
                        }
                      </article>`,
                  )
            }
          </section>
          <section aria-labelledby="rapportage">
            <h2 class="utrecht-heading-2" id="rapportage">Rapportage</h2>
            <form method="get" action="/toezicht/rapport" class="plein-form">
              ${field({
                id: 'soort',
                label: 'Soort',
                input: html`<select class="utrecht-select" id="soort" name="soort">
                  <option value="generic">Algemeen (niet herleidbaar tot personen)</option>
                  <option value="specific">Specifiek (per medewerker en inwoner)</option>
                </select>`,
              })}
              ${field({ id: 'van', label: 'Van', input: html`<input class="utrecht-textbox" type="date" id="van" name="van" value="${today}" required />` })}
              ${field({ id: 'tot', label: 'Tot en met', input: html`<input class="utrecht-textbox" type="date" id="tot" name="tot" value="${today}" required />` })}
              <button class="utrecht-button utrecht-button--primary-action" type="submit" name="vorm" value="tabel">Toon</button>
              <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="vorm" value="csv">Download CSV</button>
            </form>
          </section>`,
      });
    });
  }

  private signal(s: MisuseSignalView, csrf: string): Html {
    return html`<article class="plein-card" aria-labelledby="signaal-${s.id}">
      <h3 class="utrecht-heading-3" id="signaal-${s.id}">${RULES[s.rule] ?? s.rule}: ${STATUSES[s.status] ?? s.status}</h3>
      <p class="utrecht-paragraph">${s.reason}</p>
      <dl class="plein-facts">
        <dt>Medewerker of account</dt>
        <dd>${s.actor ?? '—'}</dd>
        <dt>Inwoner (pseudoniem)</dt>
        <dd>${short(s.subject)}</dd>
        <dt>Periode</dt>
        <dd>${dutchDateTime(s.firstAt)} – ${dutchDateTime(s.lastAt)}</dd>
      </dl>
      <details>
        <summary>Bewijs: ${s.evidence.length} logregels, te controleren in de keten van de bron</summary>
        ${table({
          caption: 'Logregels (bron, volgnummer en hash van de regel in de keten van die bron)',
          head: ['Wanneer', 'Bron', 'Volgnummer', 'Hash', 'Handeling', 'Uitkomst', 'Doel', 'Inwoner'],
          rows: s.evidence.map((e) => [
            dutchDateTime(e.at),
            e.source,
            e.seq,
            short(e.hash),
            e.name,
            e.refused ? `geweigerd (${e.basis.replace('refused: ', '')})` : `verstrekt (${e.basis})`,
            e.purpose,
            short(e.subject),
          ]),
        })}
      </details>
      ${
        s.actions.length > 0
          ? html`<ol class="utrecht-ordered-list">
              ${s.actions.map((a) => html`<li>${dutchDateTime(a.at)}, ${a.actor}: ${STEPS[a.action] ?? a.action} — ${a.note}</li>`)}
            </ol>`
          : ''
      }
      ${
        s.status === 'closed'
          ? ''
          : postForm(
              `/toezicht/signalen/${encodeURIComponent(s.id)}`,
              csrf,
              html`${field({
                  id: `stap-${s.id}`,
                  label: 'Stap',
                  input: html`<select class="utrecht-select" id="stap-${s.id}" name="stap">
                    ${Object.entries(ACTIONS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}
                  </select>`,
                })}
                ${field({ id: `notitie-${s.id}`, label: 'Notitie (waarom)', input: html`<textarea class="utrecht-textarea" id="notitie-${s.id}" name="notitie" rows="2" maxlength="2000" required></textarea>` })}
                <button class="utrecht-button utrecht-button--primary-action" type="submit">Vastleggen</button>`,
            )
      }
    </article>`;
  }

  @Post('toezicht/signalen/:id')
  act(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const answer = await this.gateway.run(req, ACT_ON_MISUSE_SIGNAL, { id, action: str(body['stap']), note: str(body['notitie']) });
      if (!answer.data || answer.errors?.length)
        return redirectWith(req, res, '/toezicht', { kind: 'error', text: problem(answer.errors) });
      redirectWith(req, res, '/toezicht', { kind: 'ok', text: `Vastgelegd: ${STATUSES[answer.data.actOnMisuseSignal.status] ?? ''}.` });
    });
  }

  @Post('toezicht/uitleg/:id')
  answer(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, ANSWER_EXPLANATION, {
        id,
        answer: str((req.body as Record<string, unknown>)['antwoord']),
      });
      if (!answer.data || answer.errors?.length)
        return redirectWith(req, res, '/toezicht', { kind: 'error', text: problem(answer.errors) });
      redirectWith(req, res, '/toezicht', { kind: 'ok', text: 'Het antwoord staat nu bij de inwoner.' });
    });
  }

  @Get('toezicht/rapport')
  report(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const kind = str(req.query['soort']) === 'specific' ? 'specific' : 'generic';
      const from = str(req.query['van']);
      const to = str(req.query['tot']);
      const answer = await this.gateway.run(req, ACCESS_REPORT, { kind, from, to });
      if (!answer.data || answer.errors?.length)
        return redirectWith(req, res, '/toezicht', { kind: 'error', text: problem(answer.errors) });
      const lines = answer.data.accessReport;
      const columns: Array<keyof AccessReportLineView & string> =
        kind === 'specific'
          ? ['day', 'source', 'purpose', 'outcome', 'actor', 'subject', 'accesses']
          : ['day', 'source', 'purpose', 'outcome', 'accesses'];
      if (str(req.query['vorm']) === 'csv') {
        res.status(200).type('text/csv; charset=utf-8').attachment(`inzage-${kind}-${from}-${to}.csv`).send(toCsv(columns, lines));
        return;
      }
      render(req, res, {
        title: `Rapportage ${kind === 'specific' ? 'specifiek' : 'algemeen'}, ${from} tot en met ${to}`,
        body: html`${table({
            caption: `${lines.length} regels`,
            head:
              kind === 'specific'
                ? ['Dag', 'Bron', 'Doel', 'Uitkomst', 'Medewerker', 'Inwoner', 'Aantal']
                : ['Dag', 'Bron', 'Doel', 'Uitkomst', 'Aantal'],
            rows: lines.map((l) =>
              kind === 'specific'
                ? [l.day, l.source, l.purpose, l.outcome, l.actor ?? '', short(l.subject), l.accesses]
                : [l.day, l.source, l.purpose, l.outcome, l.accesses],
            ),
          })}
          <p class="utrecht-paragraph"><a class="utrecht-link" href="/toezicht">Terug naar toezicht</a></p>`,
      });
    });
  }
}
