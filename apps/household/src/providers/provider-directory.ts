import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { EventTypes, followFromNow, openTransport, type EventConfig, type EventTransport, type RunningConsumer } from '@plein/events';
import { INCOME_CAPABILITY } from '@plein/income-contract';
import type { ProviderRef } from '../income-overview/income-overview.js';

export interface IncomeProvider extends ProviderRef {
  routingUrl: string;
}

export const DIRECTORY_SETTINGS = Symbol('DIRECTORY_SETTINGS');
export interface DirectorySettings {
  registryUrl: string;
  /** The fallback: publications and removals are announced (subgraph.published, subgraph.removed) and refresh the list at once. */
  refreshMs: number;
  /** Where publications are announced; without it the list is only polled. */
  events?: { events: EventConfig; databaseUrl: string };
}

const providersSchema = z.array(
  z.object({
    subgraph: z.string(),
    routingUrl: z.url(),
    agency: z.object({ key: z.string(), name: z.string(), oin: z.string() }),
  }),
);

/**
 * The income providers the registry knows, refreshed when the registry announces a publication
 * and, as a fallback, every `refreshMs`. This is how a newly published agency joins the overview
 * without a code change or restart; when the registry is unreachable the last known list keeps serving.
 */
@Injectable()
export class ProviderDirectory implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('providers');
  private providers: IncomeProvider[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  private loaded = false;
  private transport: EventTransport | undefined;
  private consumer: RunningConsumer | undefined;
  readonly readinessName = 'income providers';

  constructor(@Inject(DIRECTORY_SETTINGS) private readonly settings: DirectorySettings) {}

  current(): readonly IncomeProvider[] {
    return this.providers;
  }

  /** Not ready before the registry's list has been read once: an overview without it would ask nobody. */
  async checkReadiness(): Promise<string> {
    if (!this.loaded) await this.refresh();
    if (!this.loaded) throw new Error(`the provider list has not loaded: ${this.lastError ?? 'no answer yet'}`);
    return `${this.providers.length} income provider(s)`;
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.settings.refreshMs);
    this.timer.unref();
    if (!this.settings.events) return;
    try {
      this.transport = await openTransport('household', this.settings.events.events, this.settings.events.databaseUrl);
      this.consumer = await followFromNow(this.transport, {
        name: 'household-providers',
        topic: EventTypes.SUBGRAPH_PUBLISHED.topic,
        handle: () => this.refresh(),
      });
    } catch (e) {
      this.logger.warn(`not listening for publications (${(e as Error).message}); polling only`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.consumer?.stop();
    await this.transport?.close();
  }

  async refresh(): Promise<void> {
    const url = new URL('providers', withSlash(this.settings.registryUrl));
    url.searchParams.set('capability', INCOME_CAPABILITY);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`registry answered HTTP ${res.status}`);
      const next = providersSchema.parse(await res.json());
      if (JSON.stringify(next) !== JSON.stringify(this.providers)) {
        this.logger.log(`income providers: ${next.map((p) => p.subgraph).join(', ') || 'none'}`);
      }
      this.providers = next;
      this.loaded = true;
      this.lastError = undefined;
    } catch (e) {
      const message = (e as Error).message;
      if (message !== this.lastError)
        this.logger.warn(`cannot refresh providers from the registry (${message}); keeping ${this.providers.length} known`);
      this.lastError = message;
    }
  }
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
