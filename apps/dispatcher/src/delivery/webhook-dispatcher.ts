import type { EventTransport, RunningConsumer } from '@plein/events';
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
  ) {}

  static groupOf(subscriptionId: string): string {
    return `webhook:${subscriptionId}`;
  }

  async add(subscription: WebhookSubscription): Promise<void> {
    if (this.running.has(subscription.id)) return;
    // A new subscription receives what is published from now on; replay is asked for explicitly.
    await this.log.startAtEnd(WebhookDispatcher.groupOf(subscription.id), this.topics);
    const consumer = await this.log.consume({
      groupId: WebhookDispatcher.groupOf(subscription.id),
      topics: this.topics,
      maxAttempts: this.settings.maxAttempts,
      handle: async (record) => void (await deliverToWebhook(subscription, record, this.settings)),
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
      if (await this.log.redeliver(group, letter.id, async (r) => void (await deliverToWebhook(subscription, r, this.settings))))
        delivered++;
    }
    return delivered;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.consumer.stop()));
    this.running.clear();
  }
}
