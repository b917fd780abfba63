import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { Gateway, type GraphQLError } from '../gateway/gateway.js';
import {
  AGENCIES,
  LIFE_SITUATIONS,
  PUBLISH_SERVICE,
  REGISTER_SUBGRAPH,
  SUBGRAPHS,
  WITHDRAW_SERVICE,
  ZERO_RESULTS,
  type SchemaChangeView,
} from '../gateway/operations.js';
import { html, type Html } from '../views/html.js';
import { field, postForm, table } from '../views/layout.js';
import { handle, problem, redirectWith, render, str, userWith, viewerOf } from './common.js';

const ROLE = 'agency-publisher';
type Agency = NonNullable<(typeof AGENCIES)['answer']>['agencies'][number];

const CRITICALITY: Record<string, string> = { BREAKING: 'Brekend', DANGEROUS: 'Riskant', NON_BREAKING: 'Niet brekend' };

function changesTable(changes: readonly SchemaChangeView[]): Html {
  return table({
    caption: 'Wat de publicatie verandert in de API',
    head: ['Soort', 'Wijziging', 'Gebruikt door clients'],
    rows: changes.map((c) => [
      html`<span class="utrecht-badge-status plein-badge plein-badge--${c.criticality.toLowerCase()}"
        >${CRITICALITY[c.criticality] ?? c.criticality}</span
      >`,
      c.message,
      c.criticality === 'BREAKING' ? (c.usedRecently ? 'Ja: dit blokkeert de publicatie' : 'Nee: toegestaan') : '—',
    ]),
  });
}

function refusal(errors: readonly GraphQLError[]): Html {
  const e = errors[0];
  const composition = (e?.extensions?.['compositionErrors'] as Array<{ message: string }> | undefined) ?? [];
  const breaking = (e?.extensions?.['breakingChanges'] as Array<{ message: string }> | undefined) ?? [];
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert">
    <p class="utrecht-paragraph">${problem(errors)}</p>
    ${
      composition.length + breaking.length > 0
        ? html`<ul class="utrecht-unordered-list">
            ${[...composition, ...breaking].map((c) => html`<li>${c.message}</li>`)}
          </ul>`
        : ''
    }
  </div>`;
}

/**
 * An agency's publisher: its subgraphs with their revisions, publishing with a dry run that
 * shows composition errors and breaking changes before anything changes, its services in the
 * catalogue, and the searches that found nothing.
 */
@Controller()
@Public('the web pages: every page checks the session and role itself')
export class PublisherController {
  constructor(@Inject(Gateway) private readonly gateway: Gateway) {}

  private async agencyOf(req: Request, org: string | null): Promise<Agency | undefined> {
    return (await this.gateway.run(req, AGENCIES)).data?.agencies.find((a) => a.oin === org);
  }

  @Get('publiceren')
  overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      await this.show(req, res, await this.agencyOf(req, user.org), null);
    });
  }

  private async show(
    req: Request,
    res: Response,
    agency: Agency | undefined,
    outcome: Html | null,
    draft?: { name: string; routingUrl: string; sdl: string },
  ): Promise<void> {
    const [subgraphs, situations, zero] = await Promise.all([
      this.gateway.run(req, SUBGRAPHS),
      this.gateway.run(req, LIFE_SITUATIONS),
      this.gateway.run(req, ZERO_RESULTS, { weekOf: new Date().toISOString() }),
    ]);
    const own = (subgraphs.data?.subgraphs ?? []).filter((s) => s.agencyKey === agency?.key);
    const first =
      draft ?? (own[0] ? { name: own[0].name, routingUrl: own[0].routingUrl, sdl: own[0].sdl } : { name: '', routingUrl: '', sdl: '' });
    const services = (situations.data?.lifeSituations ?? []).flatMap((l) =>
      l.services.filter((s) => s.agencyKey === agency?.key).map((s) => ({ ...s, situation: l.name })),
    );
    const csrf = viewerOf(req)!.csrf;
    render(req, res, {
      title: `Publiceren voor ${agency?.name ?? 'uw organisatie'}`,
      body: html` ${outcome ?? ''}
        <section aria-labelledby="subgraphs">
          <h2 class="utrecht-heading-2" id="subgraphs">Subgraphs</h2>
          ${table({
            caption: 'Subgraphs van uw organisatie op het plein',
            head: ['Naam', 'Revisie', 'Adres', 'Contracten'],
            rows: own.map((s) => [s.name, s.revision, s.routingUrl, s.capabilities.join(', ') || '—']),
          })}
        </section>
        <section aria-labelledby="publiceer">
          <h2 class="utrecht-heading-2" id="publiceer">Subgraph publiceren</h2>
          ${postForm(
            '/publiceren',
            csrf,
            html`${field({ id: 'naam', label: 'Naam', input: html`<input class="utrecht-textbox" id="naam" name="naam" value="${first.name}" />` })}
              ${field({ id: 'adres', label: 'Adres (routing URL)', input: html`<input class="utrecht-textbox" id="adres" name="adres" value="${first.routingUrl}" />` })}
              ${field({
                id: 'sdl',
                label: 'Schema (Federation 2 SDL)',
                input: html`<textarea class="utrecht-textarea plein-code" id="sdl" name="sdl" rows="16" spellcheck="false">
${first.sdl}</textarea>`,
              })}
              <div class="utrecht-button-group">
                <button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="proef">
                  Proefpublicatie (verandert niets)
                </button>
                <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="publiceer">
                  Publiceren
                </button>
              </div>`,
          )}
        </section>
        <section aria-labelledby="diensten">
          <h2 class="utrecht-heading-2" id="diensten">Diensten in de catalogus</h2>
          ${table({
            caption: 'Diensten van uw organisatie',
            head: ['Dienst', 'Levenssituatie', 'Status', ''],
            rows: services.map((s) => [
              s.name,
              s.situation,
              s.status,
              s.status === 'PUBLISHED'
                ? postForm(
                    '/publiceren/diensten/intrekken',
                    csrf,
                    html`<input type="hidden" name="id" value="${s.id}" /><button
                        class="utrecht-button utrecht-button--secondary-action"
                        type="submit"
                      >
                        Intrekken<span class="plein-visually-hidden"> ${s.name}</span>
                      </button>`,
                  )
                : '',
            ]),
          })}
        </section>
        <section aria-labelledby="nieuwe-dienst">
          <h2 class="utrecht-heading-2" id="nieuwe-dienst">Dienst publiceren</h2>
          ${postForm(
            '/publiceren/diensten',
            csrf,
            html`${field({ id: 'dienst-naam', label: 'Naam', input: html`<input class="utrecht-textbox" id="dienst-naam" name="naam" required />` })}
              ${field({ id: 'dienst-omschrijving', label: 'Omschrijving', input: html`<textarea class="utrecht-textarea" id="dienst-omschrijving" name="omschrijving" rows="3"></textarea>` })}
              ${field({
                id: 'dienst-situatie',
                label: 'Levenssituatie en stap',
                input: html`<select class="utrecht-select" id="dienst-situatie" name="situatie">
                  ${(situations.data?.lifeSituations ?? []).flatMap((l) => l.milestones.map((m) => html`<option value="${l.key}|${m}">${l.name}: ${m}</option>`))}
                </select>`,
              })}
              ${field({ id: 'dienst-kanalen', label: 'Kanalen', description: 'Bijvoorbeeld: online, telefoon, balie', input: html`<input class="utrecht-textbox" id="dienst-kanalen" name="kanalen" value="online" aria-describedby="dienst-kanalen-uitleg" />` })}
              ${field({ id: 'dienst-formule', label: 'Dienstverleningsformule', description: 'klant, partner, onderdaan of gebruiker', input: html`<input class="utrecht-textbox" id="dienst-formule" name="formule" value="klant" aria-describedby="dienst-formule-uitleg" />` })}
              ${field({ id: 'dienst-url', label: 'Adres van de dienst (https)', input: html`<input class="utrecht-textbox" id="dienst-url" name="url" type="url" />` })}
              ${field({ id: 'dienst-woorden', label: 'Zoekwoorden', description: 'Woorden waarmee inwoners zoeken, met komma’s', input: html`<input class="utrecht-textbox" id="dienst-woorden" name="woorden" aria-describedby="dienst-woorden-uitleg" />` })}
              <button class="utrecht-button utrecht-button--primary-action" type="submit">Dienst publiceren</button>`,
          )}
        </section>
        <section aria-labelledby="nul">
          <h2 class="utrecht-heading-2" id="nul">Zoekvragen zonder resultaat (deze week)</h2>
          ${table({ caption: 'Wat inwoners zochten en niet vonden', head: ['Zoekvraag', 'Aantal keer'], rows: (zero.data?.zeroResultSearches ?? []).map((z) => [z.phrase, z.searches]) })}
        </section>`,
    });
  }

  @Post('publiceren')
  publish(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const dryRun = str(body['actie']) !== 'publiceer';
      const agency = await this.agencyOf(req, user.org);
      const draft = { name: str(body['naam']), routingUrl: str(body['adres']), sdl: str(body['sdl']) };
      const answer = await this.gateway.run(req, REGISTER_SUBGRAPH, { i: { agencyKey: agency?.key ?? '', ...draft }, dryRun });
      const r = answer.data?.registerSubgraph;
      const outcome = r
        ? html`<div
              class="utrecht-alert utrecht-alert--${r.changes.some((c) => c.criticality === 'BREAKING') ? 'warning' : 'ok'}"
              role="status"
            >
              <p class="utrecht-paragraph">
                ${r.dryRun ? 'Proefpublicatie: er is niets veranderd.' : r.changed ? `Gepubliceerd als supergraph-versie ${r.supergraph.id}.` : 'Niets veranderd: dit is al de live versie.'}
                ${r.changes.length === 0 ? ' Geen wijzigingen in de API.' : ''}
              </p>
            </div>
            ${r.changes.length > 0 ? changesTable(r.changes) : ''}`
        : refusal(answer.errors);
      await this.show(req, res, agency, outcome, draft);
    });
  }

  @Post('publiceren/diensten')
  publishService(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      const user = userWith(req, ROLE);
      const b = req.body as Record<string, unknown>;
      const [lifeSituation, milestone] = str(b['situatie']).split('|');
      const words = (name: string) =>
        str(b[name])
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
      const answer = await this.gateway.run(req, PUBLISH_SERVICE, {
        i: {
          agencyKey: (await this.agencyOf(req, user.org))?.key ?? '',
          name: str(b['naam']),
          description: str(b['omschrijving']),
          lifeSituation: lifeSituation ?? '',
          milestone: milestone ?? '',
          channels: words('kanalen'),
          formula: str(b['formule']),
          url: str(b['url']),
          keywords: words('woorden'),
        },
      });
      redirectWith(
        req,
        res,
        '/publiceren',
        answer.data ? { kind: 'ok', text: 'De dienst staat in de catalogus.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Post('publiceren/diensten/intrekken')
  withdraw(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, WITHDRAW_SERVICE, { id: str((req.body as Record<string, unknown>)['id']) });
      redirectWith(
        req,
        res,
        '/publiceren',
        answer.data ? { kind: 'ok', text: 'De dienst is ingetrokken.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }
}
