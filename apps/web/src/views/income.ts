import type { HouseholdPage, SourceReport } from '../gateway/operations.js';
import { euro, html, type Html } from './html.js';
import { table } from './layout.js';

export const PERIODS: Record<string, string> = {
  MONTH: 'per maand',
  FOUR_WEEKS: 'per 4 weken',
  QUARTER: 'per kwartaal',
  YEAR: 'per jaar',
  ONE_OFF: 'eenmalig',
};

/** Per source status: the badge, why, and what the caseworker can do next. */
export const SOURCE_BADGES: Record<string, { label: string; next: string }> = {
  OK: { label: 'OK', next: 'Alle gegevens van deze organisatie zijn meegeteld.' },
  PARTIAL: { label: 'Gedeeltelijk', next: 'Niet gevraagd naar wie geen toestemming gaf. Vraag die personen om toestemming.' },
  NO_CONSENT: { label: 'Geen toestemming', next: 'Vraag de inwoner om toestemming voor deze organisatie.' },
  BASIS_UNKNOWN: {
    label: 'Grondslag onbekend',
    next: 'De toestemmingsdienst antwoordde niet op tijd; dit zegt niets over toestemming. Laad de pagina opnieuw.',
  },
  UNAVAILABLE: { label: 'Niet bereikbaar', next: 'Het totaal is onvolledig. Probeer het over een paar minuten opnieuw.' },
  TIMEOUT: { label: 'Te laat', next: 'De organisatie antwoordde niet op tijd. Laad de pagina opnieuw.' },
  INVALID_RESPONSE: { label: 'Ongeldig antwoord', next: 'Het antwoord is niet gebruikt. Meld dit bij de beheerder van het plein.' },
};

export function sourceBadge(s: SourceReport): Html {
  const badge = SOURCE_BADGES[s.status] ?? { label: s.status, next: '' };
  return html`<span class="utrecht-badge-status plein-badge plein-badge--${s.status.toLowerCase()}">${badge.label}</span>`;
}

export function sourcesTable(sources: readonly SourceReport[]): Html {
  return table({
    caption: 'Antwoord per organisatie',
    head: ['Organisatie', 'Status', 'Toelichting', 'Wat nu'],
    rows: sources.map((s) => [
      s.agencyName,
      sourceBadge(s),
      s.withheldMembers.length > 0 ? `Niet gevraagd naar: ${s.withheldMembers.join(', ')}.` : s.status === 'OK' ? '—' : (s.message ?? '—'),
      SOURCE_BADGES[s.status]?.next ?? '',
    ]),
  });
}

/**
 * The monthly income per agency as bars in SVG, described for screen readers; the table next
 * to it has the same numbers, so nothing is only in the picture.
 */
export function incomeChart(agencies: HouseholdPage['household']['incomeOverview']['agencies']): Html {
  const rows = agencies.filter((a) => a.totalMonthlyCents > 0);
  const max = Math.max(1, ...rows.map((a) => a.totalMonthlyCents));
  const barHeight = 28;
  const width = 760;
  const labelWidth = 330;
  const height = rows.length * (barHeight + 10) + 10;
  return html`<figure class="plein-chart">
    <svg role="img" aria-labelledby="grafiek-titel grafiek-uitleg" viewBox="0 0 ${width} ${height}" width="100%" focusable="false">
      <title id="grafiek-titel">Maandinkomen per organisatie</title>
      <desc id="grafiek-uitleg">${rows.map((a) => `${a.agencyName}: ${euro(a.totalMonthlyCents)} per maand`).join('; ')}</desc>
      ${rows.map((a, i) => {
        const y = 10 + i * (barHeight + 10);
        const w = Math.max(2, Math.round(((width - labelWidth - 110) * a.totalMonthlyCents) / max));
        return html`<g>
          <text x="0" y="${y + 19}" class="plein-chart__label">${a.agencyName}</text>
          <rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" class="plein-chart__bar"></rect>
          <text x="${labelWidth + w + 8}" y="${y + 19}" class="plein-chart__value">${euro(a.totalMonthlyCents)}</text>
        </g>`;
      })}
    </svg>
    <figcaption class="utrecht-paragraph">Maandinkomen per organisatie; dezelfde bedragen staan in de tabel hieronder.</figcaption>
  </figure>`;
}
