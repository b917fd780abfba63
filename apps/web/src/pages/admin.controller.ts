import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { PURPOSES, type Purpose } from '@plein/consent';
import { Gateway } from '../gateway/gateway.js';
import { ADD_STATUTORY_BASIS, ADMIN_OVERVIEW, ROLLBACK } from '../gateway/operations.js';
import { dutchDateTime, html } from '../views/html.js';
import { categoryCheckboxes, field, postForm, table } from '../views/layout.js';
import { failureOf, handle, list, problem, redirectWith, render, str, userWith, viewerOf } from './common.js';

const ROLE = 'plein-admin';

/** The administrator's page: agencies, supergraph versions with who published what, rollback, statutory bases. */
@Controller()
@Public('the web pages: every page checks the session and role itself')
export class AdminController {
  constructor(@Inject(Gateway) private readonly gateway: Gateway) {}

  @Get('beheer')
  overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, ADMIN_OVERVIEW);
      const d = answer.data;
      const csrf = viewerOf(req)!.csrf;
      const versions = d?.supergraphVersions ?? [];
      render(req, res, {
        title: 'Beheer van het plein',
        body: html`${failureOf(answer)}
          <section aria-labelledby="organisaties">
            <h2 class="utrecht-heading-2" id="organisaties">Organisaties</h2>
            ${table({ caption: 'Organisaties op het plein', head: ['Sleutel', 'Naam', 'OIN'], rows: (d?.agencies ?? []).map((a) => [a.key, a.name, a.oin]) })}
          </section>
          <section aria-labelledby="versies">
            <h2 class="utrecht-heading-2" id="versies">Supergraph-versies</h2>
            ${table({
              caption: 'Versies, nieuwste eerst: wie publiceerde wat',
              head: ['Versie', 'Wanneer', 'Door', 'Wat', 'Wijzigingen in de API'],
              rows: versions
                .slice(0, 25)
                .map((v) => [
                  v.id,
                  dutchDateTime(v.createdAt),
                  v.publishedBy ?? '—',
                  v.reason,
                  v.changes.map((c) => c.message).join('; ') || '—',
                ]),
            })}
            ${postForm(
              '/beheer/terugdraaien',
              csrf,
              html`${field({
                  id: 'versie',
                  label: 'Terug naar versie',
                  input: html`<select class="utrecht-select" id="versie" name="versie">
                    ${versions.slice(1, 25).map((v) => html`<option value="${v.id}">v${v.id}: ${v.reason}</option>`)}
                  </select>`,
                })} <button class="utrecht-button utrecht-button--secondary-action" type="submit">Terugdraaien</button>`,
            )}
          </section>
          <section aria-labelledby="grondslagen">
            <h2 class="utrecht-heading-2" id="grondslagen">Wettelijke grondslagen</h2>
            ${table({
              caption: 'Grondslagen in de wet waarop organisaties zonder toestemming gegevens zien',
              head: ['Organisatie (OIN)', 'Doel', 'Wet', 'Artikel', 'Gegevens'],
              rows: (d?.statutoryBases ?? []).map((b) => [
                b.granteeOrg,
                PURPOSES[b.purpose as Purpose]?.split(':')[0] ?? b.purpose,
                b.law,
                b.article,
                b.categories.join(', ') || 'alle',
              ]),
            })}
            ${postForm(
              '/beheer/grondslagen',
              csrf,
              html`${field({ id: 'oin', label: 'OIN van de organisatie', input: html`<input class="utrecht-textbox" id="oin" name="oin" inputmode="numeric" maxlength="20" />` })}
                ${field({
                  id: 'gdoel',
                  label: 'Doel',
                  input: html`<select class="utrecht-select" id="gdoel" name="doel">
                    ${Object.keys(PURPOSES).map((p) => html`<option value="${p}">${p}</option>`)}
                  </select>`,
                })}
                ${field({ id: 'wet', label: 'Wet', input: html`<input class="utrecht-textbox" id="wet" name="wet" />` })}
                ${field({ id: 'artikel', label: 'Artikel', input: html`<input class="utrecht-textbox" id="artikel" name="artikel" />` })}
                ${categoryCheckboxes('g', 'Gegevens')}
                <button class="utrecht-button utrecht-button--secondary-action" type="submit">Grondslag toevoegen</button>`,
            )}
          </section>`,
      });
    });
  }

  @Post('beheer/terugdraaien')
  rollback(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, ROLLBACK, { v: Number(str((req.body as Record<string, unknown>)['versie'])) });
      redirectWith(
        req,
        res,
        '/beheer',
        answer.data
          ? { kind: 'ok', text: `Teruggedraaid; nieuwe versie ${answer.data.rollbackSupergraph.id}.` }
          : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Post('beheer/grondslagen')
  addBasis(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const b = req.body as Record<string, unknown>;
      const answer = await this.gateway.run(req, ADD_STATUTORY_BASIS, {
        i: {
          granteeOrg: str(b['oin']),
          purpose: str(b['doel']),
          law: str(b['wet']),
          article: str(b['artikel']),
          categories: list(b['categorieen']),
          sources: [],
        },
      });
      redirectWith(
        req,
        res,
        '/beheer',
        answer.data ? { kind: 'ok', text: 'De grondslag is toegevoegd.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }
}
