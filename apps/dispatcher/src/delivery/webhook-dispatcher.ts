import type { DeadLetter, DeliveredRecord, EventTransport, RunningConsumer } from '@plein/events';
import type { DeliveryLedger } from './delivery-ledger.js';
import { orderingKey, type DueDelivery, type RetryQueue } from './retry-queue.js';
import { retryDelay } from './retry-schedule.js';
import { deliverToWebhook, type DeliverySettings } from './webhook-delivery.js';
import type { WebhookSubscription } from './webhook-subscription.js';

export interface DispatcherSettings extends DeliverySettings {
  /** Delays (ms) after the 1st, 2nd, … failed attempt; when they run out the event is a dead letter. */
  retrySchedule: readonly number[];
  /** How often the retry queue is looked at even when nothing here woke it (another instance parked a delivery). */
  retryPollMs?: number;
}

/** Attempts the log itself makes when our own bookkeeping (the database) fails, before it dead-letters the record. */
const BOOKKEEPING_ATTEMPTS = 8;
const CLAIM_BATCH = 50;

/**
 * Runs one consumer group per webhook subscription over the plein's topics: each subscription
 * has its own position (so it can be replayed), its own retries and its own dead letters.
 *
 * An event is tried once where it is read; when the receiver fails, it is parked in the retry
 * queue with its next attempt per the schedule and the consumer moves on — so an outage of one
 * receiver holds up neither other subscriptions nor later events of other residents. Later
 * events of the same resident queue behind the parked one (order per resident). When the schedule
 * runs out, the event is a dead letter and the subscription is paused until its owner acts.
 */
export class WebhookDispatcher {
  private readonly running = new Map<string, { subscription: WebhookSubscription; consumer: RunningConsumer }>();
  private readonly known = new Map<string, WebhookSubscription>();
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (ms since the epoch), so a later wake-up never postpones an earlier one. */
  private timerAt: number | undefined;
  private retrying: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly log: EventTransport,
    private readonly topics: string[],
    private readonly settings: DispatcherSettings,
    private readonly ledger: DeliveryLedger,
    private readonly queue: RetryQueue,
    /** Finds any subscription (its retries may be due on an instance that does not run it); undefined: it was removed. */
    private readonly lookup: (id: string) => Promise<WebhookSubscription | undefined>,
  ) {
    this.wakeRetries(0);
  }

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
    this.known.set(subscription.id, subscription);
    const consumer = await this.log.consume({
      groupId: WebhookDispatcher.groupOf(subscription.id),
      topics: this.topics,
      maxAttempts: BOOKKEEPING_ATTEMPTS,
      handle: (record) => this.receive(subscription, record),
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

  /** The subscription was removed: it stops here, and its waiting deliveries and dead letters go. */
  async forget(subscriptionId: string): Promise<void> {
    await this.remove(subscriptionId);
    this.known.delete(subscriptionId);
    await this.queue.discard(subscriptionId);
  }

  /**
   * Events given up on: those whose schedule ran out, and — with negative ids — any the log itself
   * set aside because our own bookkeeping (the database) kept failing while it was read.
   */
  async deadLetters(subscriptionId: string): Promise<DeadLetter[]> {
    const setAside = await this.log.deadLetters(WebhookDispatcher.groupOf(subscriptionId));
    return [...(await this.queue.deadLetters(subscriptionId)), ...setAside.map((d) => ({ ...d, id: -d.id }))];
  }

  /** Events waiting for a next attempt (or behind an earlier one of their subject). */
  async waiting(subscriptionId: string): Promise<number> {
    return (await this.queue.waiting([subscriptionId])).get(subscriptionId) ?? 0;
  }

  /** The same for a whole list in one query; subscriptions with nothing waiting are left out. */
  waitingPerSubscription(subscriptionIds: string[]): Promise<Map<string, number>> {
    return this.queue.waiting(subscriptionIds);
  }

  /**
   * Delivers the given dead letters (or all) once more; returns how many arrived. When any
   * arrived, the receiver is evidently back: a paused subscription resumes.
   */
  async retryDeadLetters(subscription: WebhookSubscription, ids?: number[]): Promise<number> {
    const letters = (await this.deadLetters(subscription.id)).filter((d) => !ids || ids.includes(d.id));
    const group = WebhookDispatcher.groupOf(subscription.id);
    let delivered = 0;
    for (const letter of letters) {
      if (letter.id < 0) {
        // Read once more from the log's own dead letters: sent now, or parked like any failure.
        if (await this.log.redeliver(group, -letter.id, (r) => this.receive(subscription, r))) delivered++;
        continue;
      }
      const due = await this.queue.deadLetter(subscription.id, letter.id);
      if (!due) continue;
      try {
        await this.attempt(subscription, due.record);
        await this.queue.delivered(due.id);
        delivered++;
      } catch (e) {
        await this.queue.stillDead(due.id, e);
      }
    }
    if (delivered > 0) await this.resume(subscription);
    return delivered;
  }

  /** Sends again what waits, and what arrives from here on. */
  async resume(subscription: WebhookSubscription): Promise<void> {
    await this.queue.resume(subscription.id);
    await this.add(subscription);
    this.wakeRetries(0);
  }

  /** Read from the log: sent now, or parked (behind its subject's waiting event, or after a failure). */
  private async receive(subscription: WebhookSubscription, record: DeliveredRecord): Promise<void> {
    if (await this.queue.hasWaiting(subscription.id, orderingKey(record))) {
      await this.queue.park(subscription.id, record, 0, 0);
      return;
    }
    try {
      await this.attempt(subscription, record);
    } catch (e) {
      const delay = retryDelay(this.settings.retrySchedule, 1) ?? 0;
      await this.queue.park(subscription.id, record, 1, delay, e);
      this.wakeRetries(delay);
    }
  }

  /** Once per subscription and event, whichever instance sends it (DeliveryLedger). */
  private async attempt(subscription: WebhookSubscription, record: DeliveredRecord): Promise<void> {
    const eventId = record.headers['ce_id'];
    if (!eventId) return void (await deliverToWebhook(subscription, record, this.settings));
    await this.ledger.once(subscription.id, eventId, () => deliverToWebhook(subscription, record, this.settings));
  }

  /** Runs the retry queue at `inMs` from now, unless it is due to run sooner already. */
  private wakeRetries(inMs: number): void {
    if (this.stopped) return;
    const at = Date.now() + inMs;
    if (this.timer && this.timerAt !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.retrying = (this.retrying ?? Promise.resolve()).then(() => this.runRetries()).catch(() => this.wakeRetries(1_000));
    }, inMs);
    this.timer.unref();
  }

  private async runRetries(): Promise<void> {
    for (;;) {
      const due = await this.queue.claimDue(CLAIM_BATCH);
      if (due.length === 0) break;
      await Promise.all(due.map((d) => this.retry(d)));
    }
    const next = await this.queue.nextDue();
    const poll = this.settings.retryPollMs ?? 30_000;
    this.wakeRetries(next ? Math.min(poll, Math.max(0, next.getTime() - Date.now())) : poll);
  }

  private async retry(due: DueDelivery): Promise<void> {
    const subscription = this.known.get(due.subscriptionId) ?? (await this.lookup(due.subscriptionId));
    if (!subscription) return void (await this.queue.delivered(due.id));
    this.known.set(subscription.id, subscription);
    try {
      await this.attempt(subscription, due.record);
      await this.queue.delivered(due.id);
    } catch (e) {
      const failed = due.attempts + 1;
      const delay = retryDelay(this.settings.retrySchedule, failed);
      const reason = `an event could not be delivered after ${failed} attempts: ${e instanceof Error ? e.message : String(e)}`;
      await this.queue.failed(due.id, e, delay, { subscriptionId: subscription.id, reason });
      if (delay === undefined) await this.remove(subscription.id);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.running.values()].map((r) => r.consumer.stop()));
    this.running.clear();
    await this.retrying?.catch(() => undefined);
  }
}
