import { Logger } from '@nestjs/common';
import type { SupergraphManager } from '@apollo/gateway';
import { z } from 'zod';

export interface RegistrySupergraphSettings {
  registryUrl: string;
  pollMs: number;
  /** How long start-up waits for the registry before giving up. */
  startupTimeoutMs: number;
}

const supergraphResponse = z.object({ id: z.number().int(), sdl: z.string().min(1) });

type UpdateFn = (sdl: string) => void;

/**
 * Loads the supergraph the registry composed, then polls for newer versions and swaps them
 * in without a restart. The gateway never composes or introspects subgraphs itself. When the
 * registry is unreachable, or a version fails to load, the current supergraph keeps serving.
 */
export class RegistrySupergraph implements SupergraphManager {
  private readonly logger = new Logger('supergraph');
  private version: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly settings: RegistrySupergraphSettings) {}

  get currentVersion(): number | undefined {
    return this.version;
  }

  async initialize({ update }: { update: UpdateFn }) {
    const deadline = Date.now() + this.settings.startupTimeoutMs;
    let first: z.infer<typeof supergraphResponse> | undefined;
    for (;;) {
      try {
        first = await this.fetchLatest();
        if (first) break;
      } catch (e) {
        if (Date.now() > deadline)
          throw new Error(`No supergraph from the registry at ${this.settings.registryUrl}: ${(e as Error).message}`);
      }
      if (Date.now() > deadline) throw new Error(`The registry at ${this.settings.registryUrl} has no supergraph yet.`);
      await new Promise((r) => setTimeout(r, 250));
    }
    this.version = first.id;
    this.logger.log(`serving supergraph v${first.id}`);
    this.timer = setInterval(() => void this.poll(update), this.settings.pollMs);
    this.timer.unref();
    return {
      supergraphSdl: first.sdl,
      cleanup: async () => clearInterval(this.timer),
    };
  }

  private async poll(update: UpdateFn): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const next = await this.fetchLatest();
      if (!next || next.id === this.version) return;
      update(next.sdl);
      this.version = next.id;
      this.logger.log(`swapped to supergraph v${next.id}`);
    } catch (e) {
      this.logger.warn(`keeping supergraph v${this.version}: ${(e as Error).message}`);
    } finally {
      this.polling = false;
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
