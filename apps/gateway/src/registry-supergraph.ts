import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import type { SupergraphManager } from '@apollo/gateway';
import { z } from 'zod';

export interface RegistrySupergraphSettings {
  registryUrl: string;
  pollMs: number;
  /** How long start-up waits for the registry before giving up (or falls back to the saved supergraph). */
  startupTimeoutMs: number;
  /** Where the last good supergraph is kept, so a gateway restarted while the registry is down still serves. */
  cacheFile?: string;
}

const supergraphResponse = z.object({ id: z.number().int(), sdl: z.string().min(1) });

type UpdateFn = (sdl: string) => void;

/**
 * Loads the supergraph the registry composed, then polls for newer versions and swaps them
 * in without a restart. The gateway never composes or introspects subgraphs itself. When the
 * registry is unreachable, or a version fails to load, the current supergraph keeps serving;
 * every version served is saved, so a restart without the registry serves the last good one.
 */
export class RegistrySupergraph implements SupergraphManager {
  private readonly logger = new Logger('supergraph');
  private version: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private again = false;
  private update: UpdateFn | undefined;

  constructor(private readonly settings: RegistrySupergraphSettings) {}

  get currentVersion(): number | undefined {
    return this.version;
  }

  async initialize({ update }: { update: UpdateFn }) {
    const saved = await this.readSaved();
    // With a saved supergraph the gateway serves at once when the registry does not answer soon.
    const deadline = Date.now() + (saved ? Math.min(this.settings.startupTimeoutMs, 3_000) : this.settings.startupTimeoutMs);
    let first: z.infer<typeof supergraphResponse> | undefined;
    for (;;) {
      let problem = 'it has no supergraph yet';
      try {
        first = await this.fetchLatest();
        if (first) break;
      } catch (e) {
        problem = (e as Error).message;
      }
      if (Date.now() > deadline) {
        if (!saved) throw new Error(`No supergraph from the registry at ${this.settings.registryUrl}: ${problem}`);
        this.logger.warn(`registry unreachable (${problem}); serving the saved supergraph v${saved.id}`);
        first = saved;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    this.version = first.id;
    await this.save(first);
    this.logger.log(`serving supergraph v${first.id}`);
    this.update = update;
    this.timer = setInterval(() => void this.poll(update), this.settings.pollMs);
    this.timer.unref();
    return {
      supergraphSdl: first.sdl,
      cleanup: async () => clearInterval(this.timer),
    };
  }

  /** A publication was announced: ask now rather than at the next poll. */
  refreshNow(): void {
    if (this.update) void this.poll(this.update);
  }

  private async poll(update: UpdateFn): Promise<void> {
    // An announcement that arrives while a poll is in flight may name a newer version than that
    // poll will see: ask once more when it is done rather than drop it until the next interval.
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    this.again = false;
    try {
      const next = await this.fetchLatest();
      if (!next || next.id === this.version) return;
      update(next.sdl);
      this.version = next.id;
      await this.save(next);
      this.logger.log(`swapped to supergraph v${next.id}`);
    } catch (e) {
      this.logger.warn(`keeping supergraph v${this.version}: ${(e as Error).message}`);
    } finally {
      this.polling = false;
      if (this.again) void this.poll(update);
    }
  }

  private async readSaved(): Promise<z.infer<typeof supergraphResponse> | undefined> {
    if (!this.settings.cacheFile) return undefined;
    try {
      return supergraphResponse.parse(JSON.parse(await readFile(this.settings.cacheFile, 'utf8')));
    } catch {
      return undefined;
    }
  }

  private async save(version: z.infer<typeof supergraphResponse>): Promise<void> {
    const file = this.settings.cacheFile;
    if (!file) return;
    try {
      await mkdir(dirname(file), { recursive: true });
      // Written aside and renamed, so a crash never leaves half a supergraph behind.
      await writeFile(`${file}.tmp`, JSON.stringify(version));
      await rename(`${file}.tmp`, file);
    } catch (e) {
      this.logger.warn(`could not save supergraph v${version.id}: ${(e as Error).message}`);
    }
  }

  private async fetchLatest(): Promise<z.infer<typeof supergraphResponse> | undefined> {
    const url = new URL(
      'supergraph',
      this.settings.registryUrl.endsWith('/') ? this.settings.registryUrl : `${this.settings.registryUrl}/`,
    );
    const res = await fetch(url, {
      headers: this.version === undefined ? {} : { 'if-none-match': `"${this.version}"` },
      signal: AbortSignal.timeout(2_000),
    });
    if (res.status === 304) return undefined;
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`registry answered HTTP ${res.status}`);
    return supergraphResponse.parse(await res.json());
  }
}
