import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AGENCY_EVENTS_TOPIC, EventTypes, openTransport, PgListener, TOPIC_PARTITIONS, topicsOf, type EventTransport } from '@plein/events';
import { EarlyWarningService } from '../early-warning/early-warning.service.js';
import { DeliveryBases } from '../publishing/delivery-bases.js';
import { RegisteredTypes } from '../publishing/registered-types.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';
import { SubscriptionEntity, type SubscriptionRow } from '../subscriptions/subscription.entity.js';
import { BasisGate } from './basis-gate.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { DeliveryLog } from './delivery-log.js';
import { KafkaRouter } from './kafka-router.js';
import { RetryQueue } from './retry-queue.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import type { WebhookSubscription } from './webhook-subscription.js';

/** Every topic of the catalogue and the one agencies' events travel on: a subscription filters by type, the dispatcher reads them all. */
export const PLEIN_TOPICS = [...topicsOf(Object.values(EventTypes)), AGENCY_EVENTS_TOPIC];

export function asWebhook(row: SubscriptionRow): WebhookSubscription {
  return { id: row.id, org: row.org, types: row.types, sources: row.sources, url: row.url!, secret: row.secret! };
}

/** Notified by a trigger on dispatcher.subscription at every change (migration 1796600000000). */
const SUBSCRIPTIONS_CHANNEL = 'dispatcher_subscriptions';

/**
 * The event transport and the running webhook deliveries of this instance. A subscription made,
 * paused or removed through another instance is picked up when the database notifies the change,
 * and at the latest at the next SUBSCRIPTION_SYNC_MS.
 */
@Injectable()
export class DeliveryRuntime implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryRuntime');
  private transportOrNull: EventTransport | undefined;
  private dispatcherOrNull: WebhookDispatcher | undefined;
  private routerOrNull: KafkaRouter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private listener: PgListener | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private syncQueued = false;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RegisteredTypes) private readonly types: RegisteredTypes,
    @Inject(DeliveryBases) private readonly bases: DeliveryBases,
    @Inject(DeliveryLog) private readonly log: DeliveryLog,
    @Inject(EarlyWarningService) private readonly signals: EarlyWarningService,
  ) {}

  get transport(): EventTransport {
    return this.transportOrNull!;
  }

  get dispatcher(): WebhookDispatcher {
    return this.dispatcherOrNull!;
  }

  /** Fills each organisation's own Kafka topic (only when the plein runs on Kafka). */
  get router(): KafkaRouter | undefined {
    return this.routerOrNull;
  }

  get onKafka(): boolean {
    return this.config.PLEIN_EVENTS === 'kafka';
  }

  async onModuleInit(): Promise<void> {
    this.transportOrNull = await openTransport('dispatcher', this.config, this.config.DATABASE_URL);
    for (const topic of PLEIN_TOPICS) await this.transport.ensureTopic(topic, TOPIC_PARTITIONS);
    // A claim outlives the slowest attempt (its timeout) with room for the bookkeeping around it.
    const leaseMs = this.config.DELIVERY_TIMEOUT_MS + 5_000;
    const gate = new BasisGate(this.types, this.bases, this.log, this.signals);
    this.dispatcherOrNull = new WebhookDispatcher(
      this.transport,
      PLEIN_TOPICS,
      {
        retrySchedule: this.config.DELIVERY_RETRY_SCHEDULE,
        timeoutMs: this.config.DELIVERY_TIMEOUT_MS,
        policy: { allowLoopbackHttp: this.config.WEBHOOK_ALLOW_LOOPBACK_HTTP },
        admit: (org, event) => gate.admit(org, event),
      },
      new DeliveryLedger(this.dataSource, leaseMs),
      new RetryQueue(this.dataSource, leaseMs),
      async (id) => {
        const row = await this.dataSource.getRepository(SubscriptionEntity).findOneBy({ id, delivery: 'WEBHOOK' });
        return row ? asWebhook(row) : undefined;
      },
    );
    if (this.onKafka) this.routerOrNull = new KafkaRouter(this.transport, PLEIN_TOPICS, (org, event) => gate.admit(org, event));
    // Listening before the first sync: a change committed in between is not missed.
    const resync = () => this.resync();
    this.listener = new PgListener(this.config.DATABASE_URL, SUBSCRIPTIONS_CHANNEL, 'dispatcher-subscriptions', resync);
    this.listener.on(resync);
    await this.listener.start();
    await this.sync();
    this.timer = setInterval(resync, this.config.SUBSCRIPTION_SYNC_MS);
  }

  /** One sync after whatever runs now; a burst of notifications meanwhile asks for no more. */
  private resync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    this.syncing = this.syncing
      .then(() => {
        this.syncQueued = false;
        return this.sync();
      })
      .catch((e: unknown) => this.logger.warn(`subscription sync failed: ${(e as Error).message}`));
  }

  /** Runs a change to one subscription's delivery without a sync interleaving. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const done = this.syncing.then(work);
    this.syncing = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async sync(): Promise<void> {
    // A paused subscription reads nothing: its events stay in the log until its owner resumes it.
    const rows = await this.dataSource.getRepository(SubscriptionEntity).find({ where: { delivery: 'WEBHOOK', pausedAt: IsNull() } });
    const wanted = new Set(rows.map((r) => r.id));
    for (const row of rows) if (!this.dispatcher.isRunning(row.id)) await this.dispatcher.add(asWebhook(row));
    for (const id of this.dispatcher.runningIds()) if (!wanted.has(id)) await this.dispatcher.remove(id);
    if (this.router) {
      const orgs = new Set(
        (await this.dataSource.getRepository(SubscriptionEntity).find({ where: { delivery: 'KAFKA' } })).map((r) => r.org),
      );
      for (const org of orgs) await this.router.add(org);
      for (const org of this.router.routedOrgs()) if (!orgs.has(org)) await this.router.remove(org);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.close();
    await this.syncing;
    await this.dispatcherOrNull?.stop();
    await this.routerOrNull?.stop();
    await this.transportOrNull?.close();
  }
}
