import { ServiceAccountToken } from '@plein/auth';
import type { ProcessingLogRow, ShipEntries } from '@plein/processing-log';

/** The accountable record's intake, and the account a source hands its log over with. */
export interface AccountableRecordSettings {
  /** The accountability service's base URL. */
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The entries of one hand-over, as JSON (the record accepts at most this many at once). */
export const MAX_RECORDS_PER_BATCH = 100;

/**
 * Hands committed log entries to the plein's accountable record (POST /records, JSON), as the
 * source's own service account: the record knows from the token which organisation's log they are.
 */
export function toAccountableRecord(settings: AccountableRecordSettings): ShipEntries {
  const token = new ServiceAccountToken({ ...settings, audience: 'accountability' });
  const url = new URL('records', settings.url.replace(/\/?$/, '/')).toString();
  return async (entries: readonly ProcessingLogRow[]) => {
    let setAside = 0;
    for (let i = 0; i < entries.length; i += MAX_RECORDS_PER_BATCH) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: await token.authorization(), 'content-type': 'application/json' },
        body: JSON.stringify({ entries: entries.slice(i, i + MAX_RECORDS_PER_BATCH) }),
        signal: AbortSignal.timeout(10_000),
        redirect: 'error',
      });
      if (!res.ok)
        throw new Error(`the accountable record answered HTTP ${res.status}: ${(await res.text().catch(() => '')).slice(0, 300)}`);
      const answer = (await res.json().catch(() => ({}))) as { setAside?: unknown };
      if (typeof answer.setAside === 'number') setAside += answer.setAside;
    }
    return { setAside };
  };
}
