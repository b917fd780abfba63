import { FileCheckpoints } from './checkpoints.js';
import { LogShipper, type ShipEntries } from './log-shipper.js';
import { ProcessingLog, type NewLogEntry } from './processing-log.js';
import type { DataSource } from 'typeorm';

export interface SourceLogSettings {
  /** The source's own schema, where its log lives. */
  schema: string;
  /** The source's name in checkpoints and verification (its agency key, or the plein app). */
  source: string;
  /** The key of the log's MACs and checkpoints: not in the source's database. */
  key: string;
  /** Where the log's head is checkpointed, outside the database. */
  checkpointDir: string;
  /** How often a changed head is checkpointed. */
  checkpointMs: number;
  /** Where committed entries go for the plein's accountable record; without it they stay at the source. */
  ship?: ShipEntries;
}

/**
 * A source's processing log with its head checkpointed outside the database `checkpointMs`
 * after it changes (at most that often), and when the source stops: what `npm run logboek:verify`
 * checks the chain against.
 */
export class SourceLog {
  private readonly log: ProcessingLog;
  private readonly checkpoints: FileCheckpoints;
  private readonly shipper: LogShipper | undefined;
  private checkpointedSeq = 0;
  /** Set while a checkpoint is due: an idle source keeps no timer at all (ADR 0018). */
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    dataSource: DataSource,
    private readonly settings: SourceLogSettings,
    /** Where a checkpoint or a hand-over that failed is reported (it is tried again). */
    private readonly onCheckpointError: (message: string) => void,
  ) {
    this.log = new ProcessingLog(dataSource, settings.schema, settings.key);
    this.checkpoints = new FileCheckpoints(settings.checkpointDir);
    this.shipper = settings.ship && new LogShipper(dataSource, settings.schema, settings.ship, onCheckpointError);
  }

  start(): void {
    this.shipper?.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.shipper?.stop();
    await this.checkpoint();
  }

  /** Resolves once committed: whatever the entries record may happen after this, never before. */
  async append(entries: readonly NewLogEntry[]): Promise<void> {
    await this.log.append(entries);
    this.shipper?.wake();
    this.checkpointSoon();
  }

  /** At most one checkpoint every `checkpointMs`, the first that long after the head moved. */
  private checkpointSoon(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      void this.checkpoint().finally(() => {
        this.timer = undefined;
        // Entries written while it was being taken are checkpointed by the next one.
        if (this.unCheckpointed()) this.checkpointSoon();
      });
    }, this.settings.checkpointMs);
    this.timer.unref();
  }

  /** The head written since the last checkpoint, if it moved. */
  private unCheckpointed() {
    const head = this.log.lastWritten;
    return head && head.seq > this.checkpointedSeq ? head : undefined;
  }

  private async checkpoint(): Promise<void> {
    const head = this.unCheckpointed();
    if (!head) return;
    try {
      await this.checkpoints.record(this.settings.key, { source: this.settings.source, ...head });
      this.checkpointedSeq = head.seq;
    } catch (e) {
      this.onCheckpointError(`could not checkpoint the processing log at entry ${head.seq}: ${(e as Error).message}`);
    }
  }
}
