import { createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A source's log head as it stood at one moment, kept outside its database. */
export interface Checkpoint {
  source: string;
  seq: number;
  hash: string;
  at: string;
  /** MAC over the other fields with the source's log key: a checkpoint cannot be forged without it. */
  mac: string;
}

export function checkpointMac(key: string, c: Omit<Checkpoint, 'mac'>): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([c.source, c.seq, c.hash, c.at]))
    .digest('hex');
}

/**
 * Checkpoints of a log's head in an append-only file per source, outside the source's database
 * (in production a volume or bucket the database's operators cannot write: object lock/WORM).
 * Whoever can rewrite the database cannot make it agree with what was checkpointed before.
 */
export class FileCheckpoints {
  constructor(private readonly dir: string) {}

  async record(key: string, head: { source: string; seq: number; hash: string }): Promise<Checkpoint> {
    const unsigned = { ...head, at: new Date().toISOString() };
    const checkpoint = { ...unsigned, mac: checkpointMac(key, unsigned) };
    await mkdir(this.dir, { recursive: true });
    // One line per checkpoint, appended (O_APPEND): replicas of one source may share the file.
    await appendFile(this.file(head.source), JSON.stringify(checkpoint) + '\n', { mode: 0o600 });
    return checkpoint;
  }

  async read(source: string): Promise<Checkpoint[]> {
    let text: string;
    try {
      text = await readFile(this.file(source), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Checkpoint);
  }

  private file(source: string): string {
    if (!/^[a-z0-9-]+$/.test(source)) throw new Error(`Unsafe source name for a checkpoint file: ${source}`);
    return join(this.dir, `${source}.checkpoints.jsonl`);
  }
}
