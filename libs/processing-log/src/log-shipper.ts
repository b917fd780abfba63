import type { DataSource } from 'typeorm';
import { preparedQuery, quoteIdent } from '@plein/persistence';
import type { ProcessingLogRow } from './processing-log.entity.js';
import { readUnshipped } from './processing-log.js';
import { watchHandOver } from './handover-metrics.js';

/**
 * Hands committed entries to the plein's accountable record; resolves once they are accepted
 * there, with how many of them the record set aside (kept by place only: it holds them to break a
 * rule — ADR 0017).
 */
export type ShipEntries = (entries: readonly ProcessingLogRow[]) => Promise<{ setAside: number } | void>;

const BATCH = 500;

/**
 * How long a wake waits before it reads, so that the appends of the views running at that moment
 * go over as one hand-over: one request, one transaction and one evaluation at the record rather
 * than one per append (43 ms of the record's CPU per view at one connection — ADR 0018). A
 * security officer's signal is that much later.
 */
export const SHIP_LINGER_MS = 200;

/**
 * Hands a source's log, in chain order, to the plein's accountable record. The log itself is the
 * outbox: entries are shipped after they commit and the position moves only once the record has
 * accepted them, so an outage loses nothing (the record ignores what it has already). It runs
 * when the source appends and when it starts — never on a timer while nothing happens — and after
 * a failure it tries again with a growing pause.
 */
export class LogShipper {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private readonly watched: ReturnType<typeof watchHandOver>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly ship: ShipEntries,
    private readonly onError: (message: string) => void,
    private readonly lingerMs = SHIP_LINGER_MS,
  ) {
    this.watched = watchHandOver(schema, dataSource);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.watched.stop();
    await this.running;
  }

  private async run(): Promise<void> {
    clearTimeout(this.retry);
    const s = quoteIdent(this.schema);
    await new Promise((r) => setTimeout(r, this.stopped ? 0 : this.lingerMs));
    // What was appended while this run lingered is read below: those wakes need no run of their own.
    this.again = false;
    try {
      for (;;) {
        const entries = await readUnshipped(this.dataSource, this.schema, BATCH);
        if (entries.length === 0) break;
        const shipped = await this.ship(entries);
        const last = entries[entries.length - 1]!.seq;
        if (shipped?.setAside) {
          // Accepted, so the position moves on; but this source and the record disagree on the
          // rules (a version apart?), and the agency's own operators should hear it here.
          this.watched.setAside(shipped.setAside);
          this.onError(
            `the accountable record set aside ${shipped.setAside} of entries ${entries[0]!.seq}–${last} (they break its rules; see plein_record_set_aside_entries_total there)`,
          );
        }
        await preparedQuery(this.dataSource, `UPDATE ${s}.processing_log_shipped SET last_seq = $1 WHERE id = 1 AND last_seq < $1`, [last]);
        if (entries.length < BATCH) break;
      }
      this.failures = 0;
    } catch (e) {
      this.failures += 1;
      this.watched.failed();
      const pause = Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6));
      this.onError(`could not hand the processing log to the accountable record (trying again in ${pause} ms): ${(e as Error).message}`);
      if (!this.stopped) {
        this.retry = setTimeout(() => this.wake(), pause);
        this.retry.unref();
      }
    }
  }
}
