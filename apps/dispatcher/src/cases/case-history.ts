/** One case status event's data (CASE_STATUS_FIELDS, the ZGW Zaken API's vocabulary). */
export interface CaseStatusData {
  zaakIdentificatie: string;
  zaaktype: string;
  statustype: string;
  datumStatusGezet: string;
  einddatumGepland?: string;
  einddatum?: string;
}

export interface CaseStatusEvent {
  agencyKey: string;
  agencyName: string;
  data: CaseStatusData;
}

export interface CaseView {
  agencyKey: string;
  agencyName: string;
  zaakIdentificatie: string;
  zaaktype: string;
  /** The status set last (by datumStatusGezet, not by arrival). */
  status: string;
  statusSince: string;
  einddatumGepland: string | null;
  einddatum: string | null;
  history: Array<{ statustype: string; datumStatusGezet: string }>;
}

/**
 * A resident's cases from the status events agencies published: one per agency and case number,
 * its history ordered by when each status was set (events may arrive out of order), and the
 * planned and actual end dates as the latest status that named them says.
 */
export function casesFrom(events: readonly CaseStatusEvent[]): CaseView[] {
  const byCase = new Map<string, CaseStatusEvent[]>();
  for (const e of events) {
    const key = `${e.agencyKey}\u0000${e.data.zaakIdentificatie}`;
    byCase.set(key, [...(byCase.get(key) ?? []), e]);
  }
  const cases = [...byCase.values()].map((list) => {
    const ordered = [...list].sort((a, b) => Date.parse(a.data.datumStatusGezet) - Date.parse(b.data.datumStatusGezet));
    const latest = ordered.at(-1)!;
    const lastNaming = (field: 'einddatumGepland' | 'einddatum') =>
      ordered.findLast((e) => e.data[field] !== undefined)?.data[field] ?? null;
    return {
      agencyKey: latest.agencyKey,
      agencyName: latest.agencyName,
      zaakIdentificatie: latest.data.zaakIdentificatie,
      zaaktype: latest.data.zaaktype,
      status: latest.data.statustype,
      statusSince: latest.data.datumStatusGezet,
      einddatumGepland: lastNaming('einddatumGepland'),
      einddatum: lastNaming('einddatum'),
      history: ordered.map((e) => ({ statustype: e.data.statustype, datumStatusGezet: e.data.datumStatusGezet })),
    };
  });
  // Open cases first, then the most recently changed.
  return cases.sort(
    (a, b) => Number(a.einddatum !== null) - Number(b.einddatum !== null) || Date.parse(b.statusSince) - Date.parse(a.statusSince),
  );
}
