import { CATEGORIES } from '@plein/consent';
import { html, type Html } from './html.js';

export interface Viewer {
  name: string;
  roles: readonly string[];
  csrf: string;
}

interface NavItem {
  href: string;
  label: string;
  role: string;
}

/** Where each kind of user works; a user sees the items of their roles only. */
const NAVIGATION: readonly NavItem[] = [
  { href: '/huishoudens', label: 'Huishoudens', role: 'caseworker' },
  { href: '/toestemmingsverzoeken', label: 'Toestemmingsverzoeken', role: 'caseworker' },
  { href: '/mijn/toestemmingen', label: 'Mijn toestemmingen', role: 'resident' },
  { href: '/mijn/verzoeken', label: 'Verzoeken', role: 'resident' },
  { href: '/mijn/zaken', label: 'Mijn zaken', role: 'resident' },
  { href: '/mijn/inzage', label: 'Wie keek er', role: 'resident' },
  { href: '/hulp', label: 'Hulp zoeken', role: 'resident' },
  { href: '/publiceren', label: 'Publiceren', role: 'agency-publisher' },
  { href: '/abonnementen', label: 'Abonnementen', role: 'integrator' },
  { href: '/beheer', label: 'Beheer', role: 'plein-admin' },
  { href: '/toezicht', label: 'Toezicht', role: 'security-officer' },
];

export function homeOf(roles: readonly string[]): string {
  return NAVIGATION.find((n) => roles.includes(n.role))?.href ?? '/';
}

export interface PageOptions {
  title: string;
  viewer?: Viewer | null;
  /** The page's path, to mark the current navigation item. */
  path?: string;
  notice?: { kind: 'ok' | 'error' | 'info'; text: string } | null;
  body: Html;
}

/**
 * Every page: Dutch, a skip link to the content, one h1, navigation by role, and a logout form
 * that carries the CSRF token. Styles come from the NL Design System (Utrecht components on the
 * example theme, with the plein's own colours); no inline script or style anywhere.
 */
export function page(o: PageOptions): Html {
  const nav = o.viewer ? NAVIGATION.filter((n) => o.viewer!.roles.includes(n.role)) : [];
  return html`<!doctype html>
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${o.title} · Ontmoetingsplein</title>
        <link rel="stylesheet" href="/assets/utrecht.css" />
        <link rel="stylesheet" href="/assets/theme.css" />
        <link rel="stylesheet" href="/assets/plein.css" />
        <script src="/assets/plein.js" defer></script>
      </head>
      <body class="utrecht-document voorbeeld-theme plein-theme">
        <a class="utrecht-skip-link" href="#inhoud">Naar de inhoud</a>
        <div class="utrecht-page">
          <header class="utrecht-page-header plein-header">
            <a class="utrecht-link plein-brand" href="/">Ontmoetingsplein</a>
            ${
              o.viewer
                ? html`<nav aria-label="Hoofdmenu" class="plein-nav">
                      <ul class="plein-nav__list">
                        ${nav.map(
                          (n) =>
                            html`<li>
                              <a class="utrecht-link" href="${n.href}" ${o.path?.startsWith(n.href) ? html`aria-current="page"` : ''}
                                >${n.label}</a
                              >
                            </li>`,
                        )}
                      </ul>
                    </nav>
                    <form method="post" action="/logout" class="plein-logout">
                      <input type="hidden" name="_csrf" value="${o.viewer.csrf}" />
                      <span class="plein-who">${o.viewer.name}</span>
                      <button class="utrecht-button utrecht-button--secondary-action" type="submit">Uitloggen</button>
                    </form>`
                : ''
            }
          </header>
          <main id="inhoud" class="utrecht-page-content" tabindex="-1">
            <h1 class="utrecht-heading-1">${o.title}</h1>
            ${
              o.notice
                ? html`<div class="utrecht-alert utrecht-alert--${o.notice.kind}" role="${o.notice.kind === 'error' ? 'alert' : 'status'}">
                    <p class="utrecht-paragraph">${o.notice.text}</p>
                  </div>`
                : ''
            }
            ${o.body}
          </main>
          <footer class="utrecht-page-footer plein-footer">
            <p class="utrecht-paragraph">Ontmoetingsplein — overheidsorganisaties delen gegevens alleen met een grondslag.</p>
          </footer>
        </div>
      </body>
    </html>`;
}

/** A form that changes something: POST, with the session's CSRF token. */
export function postForm(action: string, csrf: string, content: Html, attrs: Html | string = ''): Html {
  return html`<form method="post" action="${action}" ${attrs}>
    <input type="hidden" name="_csrf" value="${csrf}" />
    ${content}
  </form>`;
}

export function field(o: { id: string; label: string; input: Html; description?: string; error?: string | null }): Html {
  return html`<div class="utrecht-form-field${o.error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label">
      <label class="utrecht-form-label" for="${o.id}">${o.label}</label>
    </div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${o.id}-uitleg">${o.description}</div>` : ''}
    ${o.error ? html`<div class="utrecht-form-field-error-message" id="${o.id}-fout">${o.error}</div>` : ''}
    <div class="utrecht-form-field__input">${o.input}</div>
  </div>`;
}

/** A group of checkboxes under one legend, each with its own label. */
export function checkboxGroup(o: {
  legend: string;
  name: string;
  idPrefix: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  checked?: boolean;
}): Html {
  return html`<fieldset class="utrecht-form-fieldset">
    <legend class="utrecht-form-fieldset__legend">${o.legend}</legend>
    ${o.options.map(
      (opt, i) =>
        html`<div class="utrecht-form-field utrecht-form-field--checkbox">
          <input
            class="utrecht-checkbox"
            type="checkbox"
            id="${o.idPrefix}-${i}"
            name="${o.name}"
            value="${opt.value}"
            ${o.checked ? html`checked` : ''}
          />
          <label class="utrecht-form-label utrecht-form-label--checkbox" for="${o.idPrefix}-${i}">${opt.label}</label>
        </div>`,
    )}
  </fieldset>`;
}

/** The data categories as checkboxes, described for residents. */
export function categoryCheckboxes(idPrefix: string, legend: string, checked = false): Html {
  return checkboxGroup({
    legend,
    name: 'categorieen',
    idPrefix,
    options: Object.entries(CATEGORIES).map(([value, label]) => ({ value, label })),
    checked,
  });
}

export function table(o: {
  caption: string;
  head: readonly string[];
  rows: readonly (readonly (Html | string | number)[])[];
  foot?: readonly (Html | string)[];
}): Html {
  return html`<table class="utrecht-table">
    <caption class="utrecht-table__caption">
      ${o.caption}
    </caption>
    <thead class="utrecht-table__header">
      <tr class="utrecht-table__row">
        ${o.head.map((h) => html`<th class="utrecht-table__header-cell" scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody class="utrecht-table__body">
      ${o.rows.map(
        (r) =>
          html`<tr class="utrecht-table__row">
            ${r.map((c) => html`<td class="utrecht-table__cell">${c}</td>`)}
          </tr>`,
      )}
    </tbody>
    ${
      o.foot
        ? html`<tfoot class="utrecht-table__footer">
            <tr class="utrecht-table__row">
              ${o.foot.map((c) => html`<td class="utrecht-table__cell">${c}</td>`)}
            </tr>
          </tfoot>`
        : ''
    }
  </table>`;
}
