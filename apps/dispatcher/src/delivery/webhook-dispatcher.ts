import type { DeliveredRecord, EventTransport, RunningConsumer } from '@plein/events';
import type { DeliveryLedger } from './delivery-ledger.js';
import { deliverToWebhook, type DeliverySettings } from './webhook-delivery.js';
import type { WebhookSubscription } from './webhook-subscription.js';

export interface DispatcherSettings extends DeliverySettings {
  /** Attempts per event before it goes to the subscription's dead letters. */
  maxAttempts: number;
}

/**
 * Runs one consumer group per webhook subscription over the plein's topics: each subscription
 * has its own position (so it can be replayed), its own capped retries and its own dead
 * letters, and a slow receiver holds up only itself.
 */
export class WebhookDispatcher {
  private readonly running = new Map<string, { subscription: WebhookSubscription; consumer: RunningConsumer }>();

  constructor(
    private readonly log: EventTransport,
    private readonly topics: string[],
    private readonly settings: DispatcherSettings,
    private readonly ledger: DeliveryLedger,
  ) {}

  static groupOf(subscriptionId: string): string {
    return `webhook:${subscriptionId}`;
  }

  /** A new subscription receives what is published from now on; replay is asked for explicitly. */
  async startFromNow(subscriptionId: string): Promise<void> {
    await this.log.startAtEnd(WebhookDispatcher.groupOf(subscriptionId), this.topics);
  }

  /**
   * Starts delivering a subscription on this instance, where its group stands — also for
   * partitions it has not read yet: moving those to the end when an instance (re)starts would
   * skip what arrived meanwhile. A new subscription's group is placed first (startFromNow).
   */
  async add(subscription: WebhookSubscription): Promise<void> {
    if (this.running.has(subscription.id)) return;
    const consumer = await this.log.consume({
      groupId: WebhookDispatcher.groupOf(subscription.id),
      topics: this.topics,
      maxAttempts: this.settings.maxAttempts,
      handle: (record) => this.deliver(subscription, record),
    });
    this.running.set(subscription.id, { subscription, consumer });
  }

  runningIds(): string[] {
    return [...this.running.keys()];
  }

  isRunning(subscriptionId: string): boolean {
    return this.running.has(subscriptionId);
  }

  async remove(subscriptionId: string): Promise<void> {
    await this.running.get(subscriptionId)?.consumer.stop();
    this.running.delete(subscriptionId);
  }

  deadLetters(subscriptionId: string) {
    return this.log.deadLetters(WebhookDispatcher.groupOf(subscriptionId));
  }

  /** Retries the given dead letters, or all of them; returns how many were delivered. */
  async retryDeadLetters(subscription: WebhookSubscription, ids?: number[]): Promise<number> {
    const group = WebhookDispatcher.groupOf(subscription.id);
    const letters = (await this.log.deadLetters(group)).filter((d) => !ids || ids.includes(d.id));
    let delivered = 0;
    for (const letter of letters) {
      if (await this.log.redeliver(group, letter.id, (r) => this.deliver(subscription, r))) delivered++;
    }
    return delivered;
  }

  /** Once per subscription and event, whichever instance reads it (DeliveryLedger). */
  private async deliver(subscription: WebhookSubscription, record: DeliveredRecord): Promise<void> {
    const eventId = record.headers['ce_id'];
    if (!eventId) return void (await deliverToWebhook(subscription, record, this.settings));
    await this.ledger.once(subscription.id, eventId, () => deliverToWebhook(subscription, record, this.settings));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.consumer.stop()));
    this.running.clear();
  }
}
