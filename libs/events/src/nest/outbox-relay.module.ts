import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox.js';
import { TOPIC_PARTITIONS } from '../catalogue/event-types.js';
import { openTransport, type EventConfig } from '../transport-settings.js';
import type { EventTransport } from '../transport.js';

export interface OutboxRelaySettings {
  /** The app's schema, where its outbox lives. */
  schema: string;
  /** Topics the app publishes to; created if missing. */
  topics: string[];
  app: string;
  /** The embedded log's database, and where dead letters are kept. */
  databaseUrl: string;
  events: EventConfig;
}

const SETTINGS = Symbol('OUTBOX_RELAY_SETTINGS');

@Injectable()
class OutboxRelayRunner implements OnModuleInit, OnApplicationShutdown {
  private log: EventTransport | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SETTINGS) private readonly settings: OutboxRelaySettings,
  ) {}

  async onModuleInit(): Promise<void> {
    this.log = await openTransport(this.settings.app, this.settings.events, this.settings.databaseUrl);
    for (const topic of this.settings.topics) await this.log.ensureTopic(topic, TOPIC_PARTITIONS);
    this.relay = new OutboxRelay(this.dataSource, this.settings.schema, this.log);
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.log?.close();
  }
}

/** Relays the app's committed outbox events to the event log while the app runs. */
@Module({})
export class OutboxRelayModule {
  static forApp(settings: OutboxRelaySettings): DynamicModule {
    return { module: OutboxRelayModule, providers: [{ provide: SETTINGS, useValue: settings }, OutboxRelayRunner] };
  }
}
