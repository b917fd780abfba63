import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventTypes, followFromNow, openTransport, type EventConfig, type EventTransport, type RunningConsumer } from '@plein/events';
import type { RegistrySupergraph } from './registry-supergraph.js';

export interface SupergraphEventSettings {
  events: EventConfig;
  databaseUrl: string;
}

/**
 * Swaps the supergraph as soon as the registry announces a change on its topic (subgraph.published,
 * subgraph.removed);
 * polling stays as the fallback for a missed or late event.
 */
export class SupergraphEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('supergraph-events');
  private transport: EventTransport | undefined;
  private consumer: RunningConsumer | undefined;

  constructor(
    private readonly supergraph: RegistrySupergraph,
    private readonly settings: SupergraphEventSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      this.transport = await openTransport('gateway', this.settings.events, this.settings.databaseUrl);
      this.consumer = await followFromNow(this.transport, {
        name: 'gateway',
        topic: EventTypes.SUBGRAPH_PUBLISHED.topic,
        handle: async () => this.supergraph.refreshNow(),
      });
    } catch (e) {
      // Events only make the swap faster; without them the gateway still polls.
      this.logger.warn(`not listening for publications (${(e as Error).message}); polling only`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.transport?.close();
  }
}
