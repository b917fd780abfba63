/**
 * RFC 4180 CSV of the given columns. A cell a spreadsheet would run as a formula (=, +, -, @)
 * is written as text: a report's reader opens it in a spreadsheet, and its cells come partly
 * from organisations on the plein.
 */
export function toCsv<R extends object>(columns: ReadonlyArray<keyof R & string>, rows: readonly R[]): string {
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
