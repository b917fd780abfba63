import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { CATEGORIES, PURPOSES, type Purpose } from '@plein/consent';
import { Gateway } from '../gateway/gateway.js';
import {
  AGENCIES,
  APPROVE_REQUEST,
  CONSENT_RECEIPT,
  DATA_TRACKER,
  DECLINE_REQUEST,
  GRANT_CONSENT,
  LIFE_SITUATIONS,
  MY_CASES,
  MY_CONSENT_REQUESTS,
  MY_CONSENTS,
  MY_EXPLANATION_REQUESTS,
  MY_UNUSUAL_ACCESSES,
  REQUEST_EXPLANATION,
  REVOKE_CONSENT,
  SEARCH_HELP,
  type ConsentView,
} from '../gateway/operations.js';
import { dutchDate, dutchDateTime, html, type Html } from '../views/html.js';
import { categoryCheckboxes, field, postForm, table } from '../views/layout.js';
import { failureOf, handle, list, problem, redirectWith, render, str, userWith, viewerOf } from './common.js';

const ROLE = 'resident';
const STATUS: Record<string, string> = { ACTIVE: 'Geldig', NOT_YET_ACTIVE: 'Nog niet geldig', EXPIRED: 'Verlopen', REVOKED: 'Ingetrokken' };
const ACTIONS: Record<string, string> = { granted: 'gegeven', revoked: 'ingetrokken', expired: 'verlopen', lapsed: 'beëindigd (18 jaar)' };

function coverageList(c: ConsentView['coverage']): Html {
  return html`<ul class="utrecht-unordered-list">
    ${c.map((s) => html`<li><strong>${s.agencyName}</strong>: ${s.categories.map((x) => x.description).join('; ')}</li>`)}
  </ul>`;
}

/**
 * The resident's pages: their consents and the requests for one, their cases at every agency,
 * who looked at their data, and help in their own words.
 */
@Controller()
@Public('the web pages: every page checks the session and role itself')
export class ResidentController {
  constructor(@Inject(Gateway) private readonly gateway: Gateway) {}

  @Get('mijn/toestemmingen')
  consents(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const [mine, agencies] = await Promise.all([this.gateway.run(req, MY_CONSENTS), this.gateway.run(req, AGENCIES)]);
      const consents = mine.data?.myConsents ?? [];
      const csrf = viewerOf(req)!.csrf;
      render(req, res, {
        title: 'Mijn toestemmingen',
        body: html`${failureOf(mine, agencies)}
          ${consents.length === 0 ? html`<p class="utrecht-paragraph">U hebt nog geen toestemming gegeven.</p>` : ''}
          ${consents.map(
            (c) =>
              html`<article class="plein-card" aria-labelledby="t-${c.id}">
                <h2 class="utrecht-heading-2" id="t-${c.id}">${c.granteeName || c.granteeOrg}: ${STATUS[c.status] ?? c.status}</h2>
                <p class="utrecht-paragraph">${c.purposeDescription}</p>
                <p class="utrecht-paragraph">
                  Geldig van ${dutchDate(c.validFrom)} tot
                  ${dutchDate(c.validUntil)}${c.givenByRepresentative ? ', gegeven door een ouder met gezag' : ''}.
                </p>
                ${coverageList(c.coverage)}
                <p class="utrecht-paragraph">
                  ${c.alsoFutureSources ? 'Ook organisaties die later aansluiten.' : 'Alleen deze organisaties; wie later aansluit, valt er niet onder.'}
                </p>
                <p class="utrecht-paragraph">
                  Geschiedenis: ${c.history.map((h) => `${ACTIONS[h.action] ?? h.action} op ${dutchDateTime(h.at)}`).join(', ')}
                </p>
                <p class="utrecht-paragraph">
                  <a class="utrecht-link" href="/mijn/toestemmingen/${c.id}/bewijs">Bewijs van toestemming downloaden</a>
                  ${
                    c.status === 'ACTIVE' || c.status === 'NOT_YET_ACTIVE'
                      ? html` · <a class="utrecht-link" href="/mijn/toestemmingen/${c.id}/intrekken">Intrekken</a>`
                      : ''
                  }
                </p>
              </article>`,
          )}
          <section aria-labelledby="geven">
            <h2 class="utrecht-heading-2" id="geven">Toestemming geven</h2>
            ${postForm(
              '/mijn/toestemmingen',
              csrf,
              html`${field({
                  id: 'organisatie',
                  label: 'Organisatie',
                  input: html`<select class="utrecht-select" id="organisatie" name="organisatie">
                    ${(agencies.data?.agencies ?? []).map((a) => html`<option value="${a.oin}">${a.name}</option>`)}
                  </select>`,
                })}
                ${field({
                  id: 'doel',
                  label: 'Doel',
                  input: html`<select class="utrecht-select" id="doel" name="doel">
                    ${Object.entries(PURPOSES).map(([code, text]) => html`<option value="${code}">${text}</option>`)}
                  </select>`,
                })}
                ${categoryCheckboxes('geef', 'Welke gegevens')}
                <div class="utrecht-form-field utrecht-form-field--checkbox">
                  <input class="utrecht-checkbox" type="checkbox" id="later" name="later" value="ja" />
                  <label class="utrecht-form-label utrecht-form-label--checkbox" for="later"
                    >Ook organisaties die later aansluiten (anders alleen de organisaties van nu)</label
                  >
                </div>
                ${field({ id: 'dagen', label: 'Hoe lang (dagen)', input: html`<input class="utrecht-textbox" id="dagen" name="dagen" inputmode="numeric" value="90" />` })}
                <button class="utrecht-button utrecht-button--primary-action" type="submit">Toestemming geven</button>`,
            )}
          </section>`,
      });
    });
  }

  @Post('mijn/toestemmingen')
  grant(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const days = Number(str(body['dagen']) || '90');
      const answer = await this.gateway.run(req, GRANT_CONSENT, {
        i: {
          granteeOrg: str(body['organisatie']),
          purpose: str(body['doel']),
          categories: list(body['categorieen']),
          sources: [],
          alsoFutureSources: str(body['later']) === 'ja',
          validUntil: new Date(Date.now() + (Number.isFinite(days) ? days : 90) * 86_400_000).toISOString(),
        },
      });
      redirectWith(
        req,
        res,
        '/mijn/toestemmingen',
        answer.data ? { kind: 'ok', text: 'Uw toestemming is vastgelegd.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Get('mijn/toestemmingen/:id/intrekken')
  confirmRevoke(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const consent = (await this.gateway.run(req, MY_CONSENTS)).data?.myConsents.find((c) => c.id === id);
      if (!consent) return redirectWith(req, res, '/mijn/toestemmingen', { kind: 'error', text: 'Deze toestemming bestaat niet.' });
      render(req, res, {
        title: 'Toestemming intrekken',
        body: html`<p class="utrecht-paragraph">
            Weet u het zeker? ${consent.granteeName || consent.granteeOrg} ziet daarna uw gegevens voor
            ${PURPOSES[consent.purpose as Purpose] ?? consent.purpose} niet meer, binnen een seconde.
          </p>
          ${coverageList(consent.coverage)}
          ${postForm(
            `/mijn/toestemmingen/${consent.id}/intrekken`,
            viewerOf(req)!.csrf,
            html`<div class="utrecht-button-group">
              <button class="utrecht-button utrecht-button--primary-action" type="submit">Ja, intrekken</button>
              <a class="utrecht-link" href="/mijn/toestemmingen">Nee, terug</a>
            </div>`,
          )}`,
      });
    });
  }

  @Post('mijn/toestemmingen/:id/intrekken')
  revoke(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, REVOKE_CONSENT, { id });
      redirectWith(
        req,
        res,
        '/mijn/toestemmingen',
        answer.data ? { kind: 'ok', text: 'Uw toestemming is ingetrokken.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Get('mijn/toestemmingen/:id/bewijs')
  receipt(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, CONSENT_RECEIPT, { id });
      if (!answer.data) return redirectWith(req, res, '/mijn/toestemmingen', { kind: 'error', text: problem(answer.errors) });
      res
        .type('application/json; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="toestemming-${id.replace(/[^a-f0-9-]/g, '')}.json"`)
        .setHeader('Cache-Control', 'no-store')
        .send(answer.data.consentReceipt);
    });
  }

  @Get('mijn/verzoeken')
  requests(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const all = (await this.gateway.run(req, MY_CONSENT_REQUESTS)).data?.myConsentRequests ?? [];
      const pending = all.filter((r) => r.status === 'PENDING');
      const csrf = viewerOf(req)!.csrf;
      render(req, res, {
        title: 'Verzoeken om toestemming',
        body: html`${pending.length === 0 ? html`<p class="utrecht-paragraph">Er wachten geen verzoeken op u.</p>` : ''}
        ${pending.map(
          (r) =>
            html`<article class="plein-card" aria-labelledby="v-${r.id}">
              <h2 class="utrecht-heading-2" id="v-${r.id}">${r.requesterName} vraagt toestemming</h2>
              <p class="utrecht-paragraph">
                Organisatie: ${r.requesterName} (OIN ${r.requesterOrg}), gevraagd door ${r.requestedBy} op ${dutchDate(r.createdAt)}.
              </p>
              <p class="utrecht-paragraph">Doel: ${r.purposeDescription}</p>
              ${r.message ? html`<p class="utrecht-paragraph">Bericht: ${r.message}</p>` : ''}
              <p class="utrecht-paragraph">
                Als u goedkeurt, delen precies deze organisaties precies deze gegevens, tot ${dutchDate(r.validUntil)}:
              </p>
              ${coverageList(r.preview)}
              <div class="utrecht-button-group">
                ${postForm(`/mijn/verzoeken/${r.id}/goedkeuren`, csrf, html`<button class="utrecht-button utrecht-button--primary-action" type="submit">Goedkeuren</button>`)}
                ${postForm(`/mijn/verzoeken/${r.id}/afwijzen`, csrf, html`<button class="utrecht-button utrecht-button--secondary-action" type="submit">Afwijzen</button>`)}
              </div>
            </article>`,
        )}`,
      });
    });
  }

  @Post('mijn/verzoeken/:id/:besluit')
  decide(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('besluit') besluit: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      if (besluit !== 'goedkeuren' && besluit !== 'afwijzen') return res.redirect(303, '/mijn/verzoeken');
      const answer =
        besluit === 'goedkeuren'
          ? await this.gateway.run(req, APPROVE_REQUEST, { id })
          : await this.gateway.run(req, DECLINE_REQUEST, { id });
      redirectWith(
        req,
        res,
        '/mijn/verzoeken',
        answer.data
          ? { kind: 'ok', text: besluit === 'goedkeuren' ? 'U hebt toestemming gegeven.' : 'U hebt het verzoek afgewezen.' }
          : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Get('mijn/zaken')
  cases(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, MY_CASES);
      const cases = answer.data?.myCases ?? [];
      render(req, res, {
        title: 'Mijn zaken',
        body: html`${answer.errors.length > 0 ? html`<div class="utrecht-alert utrecht-alert--error" role="alert"><p class="utrecht-paragraph">${problem(answer.errors)}</p></div>` : ''}
          <p class="utrecht-paragraph">
            Uw aanvragen en meldingen bij de organisaties op het plein, en hoe ver ze zijn. Lopende zaken staan bovenaan.
          </p>
          ${cases.length === 0 && answer.errors.length === 0 ? html`<p class="utrecht-paragraph">Er zijn geen zaken van u bekend.</p>` : ''}
          ${cases.map(
            (c, i) =>
              html`<article class="plein-card" aria-labelledby="zaak-${i}">
                <h2 class="utrecht-heading-2" id="zaak-${i}">${c.zaaktype} bij ${c.agencyName}</h2>
                <dl class="plein-facts">
                  <dt>Zaaknummer</dt>
                  <dd>${c.zaakIdentificatie}</dd>
                  <dt>Status</dt>
                  <dd>${c.status}, sinds ${dutchDateTime(c.statusSince)}</dd>
                  ${
                    c.einddatum
                      ? html`<dt>Afgerond op</dt>
                          <dd>${dutchDate(c.einddatum)}</dd>`
                      : c.einddatumGepland
                        ? html`<dt>Verwacht klaar</dt>
                            <dd>${dutchDate(c.einddatumGepland)}</dd>`
                        : ''
                  }
                </dl>
                <h3 class="utrecht-heading-3">Verloop</h3>
                <ol class="utrecht-ordered-list">
                  ${c.history.map((h) => html`<li>${dutchDateTime(h.datumStatusGezet)}: ${h.statustype}</li>`)}
                </ol>
              </article>`,
          )}`,
      });
    });
  }

  @Get('mijn/inzage')
  tracker(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const [answer, unusual, asked] = await Promise.all([
        this.gateway.run(req, DATA_TRACKER),
        this.gateway.run(req, MY_UNUSUAL_ACCESSES),
        this.gateway.run(req, MY_EXPLANATION_REQUESTS),
      ]);
      const t = answer.data?.myDataTracker;
      const notAsked = (t?.sources ?? []).filter((s) => s.status !== 'OK');
      const marks = new Map((unusual.data?.myUnusualAccesses ?? []).map((u) => [`${u.source}|${u.traceId}`, u.why.join(' ')]));
      const requests = asked.data?.myExplanationRequests ?? [];
      render(req, res, {
        title: 'Wie keek er naar mijn gegevens',
        body: html`${notAsked.length > 0 ? html`<div class="utrecht-alert utrecht-alert--warning" role="status"><p class="utrecht-paragraph">Niet alle organisaties konden worden gevraagd: ${notAsked.map((s) => s.agencyName).join(', ')}.</p></div>` : ''}
          ${failureOf(unusual, asked)}
          ${table({
            caption: 'Inzage in uw gegevens, nieuwste eerst. Opvallend: buiten het gewone patroon van die organisatie.',
            head: ['Wanneer', 'Organisatie', 'Welke gegevens, van wie', 'Doel', 'Grondslag', 'Opvallend', 'Uitleg'],
            rows: (t?.accesses ?? []).map((a) => [
              dutchDateTime(a.time),
              a.organisation ? (a.organisation.name ?? `OIN ${a.organisation.oin}`) : 'uzelf',
              `${CATEGORIES[a.category as keyof typeof CATEGORIES]?.split(':')[0] ?? a.category}, van ${a.sourceName}`,
              PURPOSES[a.purpose as Purpose]?.split(':')[0] ?? a.purpose,
              a.legalBasis,
              marks.has(`${a.source}|${a.traceId}`)
                ? html`<strong class="plein-unusual">${marks.get(`${a.source}|${a.traceId}`)!}</strong>`
                : '',
              a.organisation
                ? html`<a
                    class="utrecht-link"
                    href="/mijn/inzage/uitleg?bron=${encodeURIComponent(a.source)}&amp;verzoek=${encodeURIComponent(a.traceId)}"
                    >Vraag uitleg</a
                  >`
                : '',
            ]),
          })}
          <section aria-labelledby="uitleg">
            <h2 class="utrecht-heading-2" id="uitleg">Uw vragen om uitleg</h2>
            ${
              requests.length === 0
                ? html`<p class="utrecht-paragraph">U hebt nog niets gevraagd. Bij elke inzage kunt u de organisatie om uitleg vragen.</p>`
                : requests.map(
                    (r) =>
                      html`<article class="plein-card">
                        <p class="utrecht-paragraph"><strong>Uw vraag</strong> (${dutchDateTime(r.askedAt)}): ${r.question}</p>
                        <p class="utrecht-paragraph">
                          ${r.answer ? html`<strong>Antwoord</strong> (${dutchDateTime(r.answeredAt!)}): ${r.answer}` : html`Nog geen antwoord; de organisatie antwoordt uiterlijk ${dutchDate(r.dueAt)}.`}
                        </p>
                      </article>`,
                  )
            }
          </section>`,
      });
    });
  }

  @Get('mijn/inzage/uitleg')
  explanationForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const source = str(req.query['bron']).slice(0, 63);
      const traceId = str(req.query['verzoek']).slice(0, 32);
      render(req, res, {
        title: 'Vraag om uitleg',
        body: html`<p class="utrecht-paragraph">
            Uw vraag gaat naar de functionaris die bij de organisatie toeziet op het gebruik van gegevens. Die moet binnen een maand
            antwoorden; het antwoord ziet u op de pagina Wie keek er.
          </p>
          ${postForm(
            '/mijn/inzage/uitleg',
            viewerOf(req)!.csrf,
            html`<input type="hidden" name="bron" value="${source}" /><input type="hidden" name="verzoek" value="${traceId}" />
              ${field({ id: 'vraag', label: 'Uw vraag', description: 'Bijvoorbeeld: waarom keek u midden in de nacht?', input: html`<textarea class="utrecht-textarea" id="vraag" name="vraag" rows="4" maxlength="2000" required aria-describedby="vraag-uitleg"></textarea>` })}
              <button class="utrecht-button utrecht-button--primary-action" type="submit">Vraag versturen</button>`,
          )}`,
      });
    });
  }

  @Post('mijn/inzage/uitleg')
  requestExplanation(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const answer = await this.gateway.run(req, REQUEST_EXPLANATION, {
        source: str(body['bron']),
        traceId: str(body['verzoek']),
        question: str(body['vraag']),
      });
      if (!answer.data || answer.errors?.length)
        return redirectWith(req, res, '/mijn/inzage', { kind: 'error', text: problem(answer.errors) });
      redirectWith(req, res, '/mijn/inzage', {
        kind: 'ok',
        text: `Uw vraag is verstuurd. De organisatie antwoordt uiterlijk ${dutchDate(answer.data.requestExplanation.dueAt)}.`,
      });
    });
  }

  @Get('hulp')
  help(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const q = str(req.query['vraag']).slice(0, 200);
      const found = q ? (await this.gateway.run(req, SEARCH_HELP, { q })).data?.searchCatalogue : undefined;
      const situations = found
        ? found.lifeSituations.map((s) => s.situation)
        : ((await this.gateway.run(req, LIFE_SITUATIONS)).data?.lifeSituations ?? []);
      render(req, res, {
        title: 'Hulp zoeken',
        body: html`<form method="get" action="/hulp" role="search">
            ${field({ id: 'vraag', label: 'Waar zoekt u hulp bij? In uw eigen woorden', input: html`<input class="utrecht-textbox" id="vraag" name="vraag" value="${q}" />` })}
            <button class="utrecht-button utrecht-button--primary-action" type="submit">Zoeken</button>
          </form>
          ${q && situations.length === 0 && (found?.services.length ?? 0) === 0 ? html`<p class="utrecht-paragraph">Niets gevonden voor “${q}”. Probeer andere woorden.</p>` : ''}
          ${situations.map(
            (s) =>
              html`<section class="plein-card" aria-labelledby="ls-${s.key}">
                <h2 class="utrecht-heading-2" id="ls-${s.key}">${s.name}</h2>
                <p class="utrecht-paragraph">${s.description}</p>
                <ol class="utrecht-ordered-list">
                  ${s.milestones.map((m) => html`<li>${m}</li>`)}
                </ol>
              </section>`,
          )}
          ${
            (found?.services ?? []).length > 0
              ? html`<h2 class="utrecht-heading-2">Diensten</h2>
                  <ul class="utrecht-unordered-list">
                    ${found!.services.map((s) =>
                      // Only https links from the catalogue become links: never a javascript: or data: URL.
                      s.service.url.startsWith('https://')
                        ? html`<li><a class="utrecht-link" href="${s.service.url}">${s.service.name}</a>: ${s.service.description}</li>`
                        : html`<li>${s.service.name}: ${s.service.description}</li>`,
                    )}
                  </ul>`
              : ''
          }`,
      });
    });
  }
}
