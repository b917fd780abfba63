import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { preparedQuery, quoteIdent } from '@plein/persistence';

/** A log whose hand-over this process runs: its schema, and where to read how far it is behind. */
interface HandedOverLog {
  schema: string;
  dataSource: DataSource;
}

const logs = new Set<HandedOverLog>();

/**
 * How many committed entries the accountable record has not yet accepted, per log, read at each
 * scrape (one statement per log, nothing kept in between). A source whose hand-over stopped shows
 * here as a number that only grows: its accesses are out of reach of the record's misuse rules.
 */
new Gauge({
  name: 'plein_processing_log_behind_entries',
  help: 'Committed processing-log entries not yet accepted by the accountable record, per log (schema).',
  labelNames: ['log'] as const,
  async collect() {
    this.reset();
    for (const { schema, dataSource } of logs) {
      const s = quoteIdent(schema);
      try {
        const [row] = await preparedQuery<{ behind: string }>(
          dataSource,
          `SELECT (SELECT last_seq FROM ${s}.processing_log_head WHERE id = 1)
                  - COALESCE((SELECT last_seq FROM ${s}.processing_log_shipped WHERE id = 1), 0) AS behind`,
          [],
        );
        this.set({ log: schema }, Number(row?.behind ?? 0));
      } catch {
        // A database that cannot be read leaves the figure out; readiness reports the database.
      }
    }
  },
});

const failures = new Counter({
  name: 'plein_processing_log_handover_failures_total',
  help: 'Hand-overs of a processing log to the accountable record that failed (each is tried again), per log (schema).',
  labelNames: ['log'] as const,
});

const setAside = new Counter({
  name: 'plein_processing_log_set_aside_entries_total',
  help: 'Entries of a processing log the accountable record accepted only by place, as breaking its rules, per log (schema).',
  labelNames: ['log'] as const,
});

/** Counts this log in the figures above while its hand-over runs; the returned function stops that. */
export function watchHandOver(schema: string, dataSource: DataSource): { failed(): void; setAside(count: number): void; stop(): void } {
  const log = { schema, dataSource };
  logs.add(log);
  return {
    failed: () => failures.inc({ log: schema }),
    setAside: (count) => setAside.inc({ log: schema }, count),
    stop: () => void logs.delete(log),
  };
}
