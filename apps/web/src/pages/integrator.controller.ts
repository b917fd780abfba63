import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { Gateway } from '../gateway/gateway.js';
import {
  DEAD_LETTERS,
  REPLAY,
  RESUME,
  RETRY_DEAD_LETTERS,
  SUBSCRIBE_KAFKA,
  SUBSCRIBE_WEBHOOK,
  SUBSCRIPTIONS,
  type SubscriptionView,
} from '../gateway/operations.js';
import { dutchDateTime, html } from '../views/html.js';
import { checkboxGroup, field, postForm, table } from '../views/layout.js';
import { failureOf, handle, list, problem, redirectWith, render, str, userWith, viewerOf } from './common.js';

/** An event type as an integrator chooses it: what it is, who publishes it, and whether a basis decides who hears of it. */
function eventTypeLabel(t: { type: string; publisher: string | null; aboutResident: boolean }): string {
  const from = t.publisher ? `van ${t.publisher}` : 'van het plein';
  return `${t.type} (${from}${t.publisher && t.aboutResident ? '; over een inwoner: alleen met toestemming van die inwoner' : ''})`;
}

const ROLE = 'integrator';

/** The integrator's pages: subscriptions, the secret shown once, dead letters, retry and replay. */
@Controller()
@Public('the web pages: every page checks the session and role itself')
export class IntegratorController {
  constructor(@Inject(Gateway) private readonly gateway: Gateway) {}

  @Get('abonnementen')
  subscriptions(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, SUBSCRIPTIONS);
      const shown = req.session.shownOnce;
      if (shown) delete req.session.shownOnce;
      const csrf = viewerOf(req)!.csrf;
      render(req, res, {
        title: 'Abonnementen op gebeurtenissen',
        body: html`${failureOf(answer)}
          ${
            shown
              ? html`<div class="utrecht-alert utrecht-alert--info" role="status">
                  <p class="utrecht-paragraph">${shown.title} Dit geheim wordt maar één keer getoond: bewaar het nu.</p>
                  <p class="utrecht-paragraph"><code class="plein-secret" data-secret>${shown.value}</code></p>
                </div>`
              : ''
          }
          ${table({
            caption: 'Abonnementen van uw organisatie',
            head: ['Soort', 'Bestemming', 'Gebeurtenissen', 'Sinds', 'Aflevering', ''],
            rows: (answer.data?.eventSubscriptions ?? []).map((s) => [
              s.delivery === 'WEBHOOK' ? 'Webhook' : 'Kafka',
              s.url ?? s.consumerGroup ?? '—',
              s.types.length === 0 ? 'alle' : s.types.join(', '),
              dutchDateTime(s.createdAt),
              deliveryState(s),
              html`<a class="utrecht-link" href="/abonnementen/${s.id}"
                >Details en niet-afgeleverd<span class="plein-visually-hidden"> voor ${s.url ?? s.consumerGroup ?? s.id}</span></a
              >`,
            ]),
          })}
          <section aria-labelledby="nieuw">
            <h2 class="utrecht-heading-2" id="nieuw">Nieuwe webhook</h2>
            ${postForm(
              '/abonnementen/webhook',
              csrf,
              html`${field({ id: 'url', label: 'Adres (https)', input: html`<input class="utrecht-textbox" id="url" name="url" type="url" required />` })}
                ${checkboxGroup({ legend: 'Gebeurtenissen (geen keuze: alle)', name: 'types', idPrefix: 'type', options: (answer.data?.eventTypes ?? []).map((t) => ({ value: t.type, label: eventTypeLabel(t) })) })}
                <button class="utrecht-button utrecht-button--primary-action" type="submit">Webhook aanmaken</button>`,
            )}
            <h2 class="utrecht-heading-2">Nieuwe Kafka-consumentgroep</h2>
            ${postForm('/abonnementen/kafka', csrf, html`<button class="utrecht-button utrecht-button--secondary-action" type="submit">Consumentgroep aanmaken</button>`)}
          </section>`,
      });
    });
  }

  @Post('abonnementen/webhook')
  webhook(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const body = req.body as Record<string, unknown>;
      const answer = await this.gateway.run(req, SUBSCRIBE_WEBHOOK, { i: { url: str(body['url']), types: list(body['types']) } });
      if (!answer.data) return redirectWith(req, res, '/abonnementen', { kind: 'error', text: problem(answer.errors) });
      req.session.shownOnce = {
        title: 'De webhook is aangemaakt. Controleer elke aflevering met dit ondertekengeheim.',
        value: answer.data.subscribeWebhook.secret,
      };
      req.session.save(() => res.redirect(303, '/abonnementen'));
    });
  }

  @Post('abonnementen/kafka')
  kafka(@Req() req: Request, @Res() res: Response): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, SUBSCRIBE_KAFKA, { i: {} });
      redirectWith(
        req,
        res,
        '/abonnementen',
        answer.data
          ? { kind: 'ok', text: `Consumentgroep ${answer.data.subscribeKafka.consumerGroup ?? ''} is aangemaakt.` }
          : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Get('abonnementen/:id')
  subscription(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const [subs, dead] = await Promise.all([this.gateway.run(req, SUBSCRIPTIONS), this.gateway.run(req, DEAD_LETTERS, { id })]);
      const sub = subs.data?.eventSubscriptions.find((s) => s.id === id);
      if (!sub) return redirectWith(req, res, '/abonnementen', { kind: 'error', text: 'Dit abonnement bestaat niet.' });
      const letters = dead.data?.deadLetters ?? [];
      const csrf = viewerOf(req)!.csrf;
      render(req, res, {
        title: `Abonnement ${sub.url ?? sub.consumerGroup ?? sub.id}`,
        body: html`${
            sub.pausedAt
              ? html`<div class="utrecht-alert utrecht-alert--warning">
                  <p class="utrecht-paragraph">
                    Aflevering gepauzeerd sinds ${dutchDateTime(sub.pausedAt)}: ${sub.pausedReason ?? ''}. Nieuwe gebeurtenissen blijven
                    bewaard tot u hervat; wat wachtte gaat dan eerst.
                  </p>
                  ${postForm(`/abonnementen/${sub.id}/hervatten`, csrf, html`<button class="utrecht-button utrecht-button--primary-action" type="submit">Hervatten</button>`)}
                </div>`
              : ''
          }
          ${
            sub.waitingDeliveries > 0
              ? html`<p class="utrecht-paragraph">${sub.waitingDeliveries} gebeurtenis(sen) wachten op een nieuwe poging.</p>`
              : ''
          }
          <h2 class="utrecht-heading-2">Niet afgeleverd</h2>
          ${
            letters.length === 0
              ? html`<p class="utrecht-paragraph">Alles is afgeleverd.</p>`
              : html`${table({
                  caption: 'Gebeurtenissen die niet aankwamen, met de laatste fout',
                  head: ['Gebeurtenis', 'Pogingen', 'Laatste fout', ''],
                  rows: letters.map((d) => [
                    `${d.topic} ${d.partition}/${d.offset}`,
                    d.attempts,
                    d.error,
                    postForm(
                      `/abonnementen/${sub.id}/opnieuw`,
                      csrf,
                      html`<input type="hidden" name="ids" value="${d.id}" /><button
                          class="utrecht-button utrecht-button--secondary-action"
                          type="submit"
                        >
                          Opnieuw afleveren<span class="plein-visually-hidden"> ${d.topic} ${d.offset}</span>
                        </button>`,
                    ),
                  ]),
                })}
                ${postForm(`/abonnementen/${sub.id}/opnieuw`, csrf, html`<button class="utrecht-button utrecht-button--primary-action" type="submit">Alles opnieuw afleveren</button>`)}`
          }
          <h2 class="utrecht-heading-2">Opnieuw afspelen</h2>
          ${postForm(
            `/abonnementen/${sub.id}/afspelen`,
            csrf,
            html`${field({ id: 'vanaf', label: 'Vanaf (datum en tijd)', input: html`<input class="utrecht-textbox" id="vanaf" name="vanaf" type="datetime-local" required />` })}
              <button class="utrecht-button utrecht-button--secondary-action" type="submit">Afspelen vanaf dit moment</button>`,
          )}
          <p class="utrecht-paragraph"><a class="utrecht-link" href="/abonnementen">Terug naar abonnementen</a></p>`,
      });
    });
  }

  @Post('abonnementen/:id/opnieuw')
  retry(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const ids = list((req.body as Record<string, unknown>)['ids'])
        .map(Number)
        .filter(Number.isInteger);
      const answer = await this.gateway.run(req, RETRY_DEAD_LETTERS, { id, ids: ids.length > 0 ? ids : null });
      redirectWith(
        req,
        res,
        `/abonnementen/${encodeURIComponent(id)}`,
        answer.data
          ? { kind: 'ok', text: `${answer.data.retryDeadLetters} gebeurtenis(sen) alsnog afgeleverd.` }
          : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Post('abonnementen/:id/hervatten')
  resume(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const answer = await this.gateway.run(req, RESUME, { id });
      redirectWith(
        req,
        res,
        `/abonnementen/${encodeURIComponent(id)}`,
        answer.data ? { kind: 'ok', text: 'De aflevering is hervat.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }

  @Post('abonnementen/:id/afspelen')
  replay(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return handle(req, res, async () => {
      userWith(req, ROLE);
      const from = new Date(str((req.body as Record<string, unknown>)['vanaf']));
      if (Number.isNaN(from.getTime()))
        return redirectWith(req, res, `/abonnementen/${encodeURIComponent(id)}`, {
          kind: 'error',
          text: 'Geef een geldige datum en tijd.',
        });
      const answer = await this.gateway.run(req, REPLAY, { i: { subscriptionId: id, fromTime: from.toISOString() } });
      redirectWith(
        req,
        res,
        `/abonnementen/${encodeURIComponent(id)}`,
        answer.data ? { kind: 'ok', text: 'Afspelen is gestart.' } : { kind: 'error', text: problem(answer.errors) },
      );
    });
  }
}

/** How delivery to a subscription stands, in the integrator's words. */
function deliveryState(s: SubscriptionView): string {
  if (s.pausedAt) return 'gepauzeerd';
  if (s.waitingDeliveries > 0) return `actief, ${s.waitingDeliveries} wachten op een nieuwe poging`;
  return 'actief';
}
