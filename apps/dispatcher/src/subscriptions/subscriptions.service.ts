import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '@plein/auth';
import { DomainError, isUuid } from '@plein/domain';
import { EventTypes, newWebhookSecret, TOPIC_PARTITIONS, validateWebhookUrl, type DeadLetter } from '@plein/events';
import { RegisteredTypes } from '../publishing/registered-types.js';
import { NotFoundError } from '@plein/subgraph-kit';
import { asWebhook, DeliveryRuntime, PLEIN_TOPICS } from '../delivery/delivery.runtime.js';
import { KafkaRouter } from '../delivery/kafka-router.js';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';
import { SubscriptionEntity, type SubscriptionRow } from './subscription.entity.js';
import { Delivery, type EventSubscription, type EventTypeInfo, type PartitionOffsetInput } from './subscriptions.types.js';

export const SubscriptionErrorCode = {
  INVALID_SUBSCRIPTION: 'INVALID_SUBSCRIPTION',
  KAFKA_NOT_AVAILABLE: 'KAFKA_NOT_AVAILABLE',
} as const;

const MAX_FILTERS = 50;
const SOURCE = /^urn:nld:oin:\d{20}$/;
const PLEIN_TYPES: EventTypeInfo[] = Object.values(EventTypes).map((t) => ({
  type: t.type,
  topic: t.topic,
  summary: t.summary,
  publisher: null,
  category: null,
  aboutResident: t.aboutResident,
}));

function invalid(message: string): DomainError {
  return new DomainError(SubscriptionErrorCode.INVALID_SUBSCRIPTION, message);
}

/**
 * Integrators' subscriptions. An integrator sees and manages only its own organisation's
 * subscriptions; another organisation's is answered as not found, so ids reveal nothing.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeliveryRuntime) private readonly runtime: DeliveryRuntime,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(RegisteredTypes) private readonly registered: RegisteredTypes,
  ) {}

  /** The plein's own types and every type organisations registered, live from the registry (afresh when one of `expected` is new). */
  async eventTypes(expected: readonly string[] = []): Promise<EventTypeInfo[]> {
    const registered = [...(await this.registered.all(expected)).values()].map((t) => ({
      type: t.type,
      topic: t.topic,
      summary: t.summary,
      publisher: t.agencyKey,
      category: t.category,
      aboutResident: t.aboutResident,
    }));
    return [...PLEIN_TYPES, ...registered];
  }

  private get rows() {
    return this.dataSource.getRepository(SubscriptionEntity);
  }

  async list(caller: Caller): Promise<EventSubscription[]> {
    const rows = await this.rows.find({ where: { org: caller.org! }, order: { createdAt: 'ASC' } });
    const waiting = await this.runtime.dispatcher.waitingPerSubscription(rows.filter((r) => r.delivery === 'WEBHOOK').map((r) => r.id));
    const catalogue = await this.eventTypes();
    return rows.map((row) => view(row, catalogue, waiting.get(row.id)));
  }

  async subscribeWebhook(caller: Caller, input: { url: string; types: string[]; sources: string[] }) {
    const filters = checkFilters(input.types, input.sources, await this.eventTypes(input.types));
    if (input.url.length > 2048) throw invalid('The webhook URL is longer than 2048 characters.');
    const url = await validateWebhookUrl(input.url, { allowLoopbackHttp: this.config.WEBHOOK_ALLOW_LOOPBACK_HTTP });
    const secret = newWebhookSecret(randomBytes(32));
    const id = randomUUID();
    // The group starts at the end of the topics before any instance can see the subscription: once
    // one has joined the group, its position can no longer be set from outside (Kafka refuses).
    await this.runtime.dispatcher.startFromNow(id);
    const row = await this.rows.save({
      id,
      org: caller.org!,
      createdBy: caller.clientId,
      delivery: 'WEBHOOK',
      ...filters,
      url: url.toString(),
      secret,
      createdAt: new Date(),
      pausedAt: null,
      pausedReason: null,
    });
    await this.runtime.exclusive(() => this.runtime.dispatcher.add(asWebhook(row)));
    return { subscription: view(row, await this.eventTypes()), secret };
  }

  async subscribeKafka(caller: Caller, input: { types: string[]; sources: string[] }): Promise<EventSubscription> {
    if (!this.runtime.onKafka)
      throw new DomainError(
        SubscriptionErrorCode.KAFKA_NOT_AVAILABLE,
        'This plein runs on its embedded event log; subscribe with a webhook, or use a plein that runs on Kafka.',
      );
    const catalogue = await this.eventTypes(input.types);
    const filters = checkFilters(input.types, input.sources, catalogue);
    const row = await this.rows.save({
      id: randomUUID(),
      org: caller.org!,
      createdBy: caller.clientId,
      delivery: 'KAFKA',
      ...filters,
      url: null,
      secret: null,
      createdAt: new Date(),
      pausedAt: null,
      pausedReason: null,
    });
    // The organisation's own topic is filled from now on (it keeps its position if it had one).
    await this.runtime.exclusive(() => this.runtime.router!.add(row.org));
    return view(row, catalogue);
  }

  async unsubscribe(caller: Caller, id: string): Promise<boolean> {
    const row = await this.own(caller, id);
    await this.runtime.exclusive(() => this.runtime.dispatcher.forget(row.id));
    await this.rows.delete({ id: row.id });
    if (row.delivery === 'KAFKA' && (await this.rows.countBy({ org: row.org, delivery: 'KAFKA' })) === 0)
      await this.runtime.exclusive(async () => this.runtime.router?.remove(row.org));
    return true;
  }

  async deadLetters(caller: Caller, id: string): Promise<DeadLetter[]> {
    const row = await this.ownWebhook(caller, id);
    return this.runtime.dispatcher.deadLetters(row.id);
  }

  async retryDeadLetters(caller: Caller, id: string, ids: number[] | null | undefined): Promise<number> {
    const row = await this.ownWebhook(caller, id);
    return this.runtime.dispatcher.retryDeadLetters(asWebhook(row), ids ?? undefined);
  }

  /** A paused subscription delivers again: what waited first (in order per resident), then what the log holds since. */
  async resume(caller: Caller, id: string): Promise<EventSubscription> {
    const row = await this.ownWebhook(caller, id);
    await this.runtime.exclusive(() => this.runtime.dispatcher.resume(asWebhook(row)));
    return view({ ...row, pausedAt: null, pausedReason: null }, await this.eventTypes(), await this.runtime.dispatcher.waiting(row.id));
  }

  /** Delivery starts again from a time or from offsets; the consumer is stopped while its position moves. */
  async replay(caller: Caller, id: string, from: { time?: Date | null; offsets?: PartitionOffsetInput[] | null }) {
    const row = await this.ownWebhook(caller, id);
    if ((from.time ? 1 : 0) + (from.offsets ? 1 : 0) !== 1) throw invalid('Give either fromTime or fromOffsets.');
    if (from.time && Number.isNaN(from.time.getTime())) throw invalid('fromTime is not a valid time.');
    for (const o of from.offsets ?? []) {
      if (!PLEIN_TOPICS.includes(o.topic)) throw invalid(`Unknown topic "${o.topic}"; topics: ${PLEIN_TOPICS.join(', ')}.`);
      if (o.partition < 0 || o.partition >= TOPIC_PARTITIONS) throw invalid(`Partition ${o.partition} does not exist.`);
      if (o.offset < 0) throw invalid('An offset is 0 or more.');
    }
    const group = WebhookDispatcher.groupOf(row.id);
    await this.runtime.exclusive(async () => {
      await this.runtime.dispatcher.remove(row.id);
      try {
        if (from.time) await this.runtime.transport.seekToTime(group, PLEIN_TOPICS, from.time);
        for (const o of from.offsets ?? []) await this.runtime.transport.seek(group, o.topic, o.partition, o.offset);
      } finally {
        // A paused subscription stays paused: replay moves its position, resuming is a decision of its own.
        if (!row.pausedAt) await this.runtime.dispatcher.add(asWebhook(row));
      }
    });
    return view(row, await this.eventTypes(), await this.runtime.dispatcher.waiting(row.id));
  }

  private async own(caller: Caller, id: string): Promise<SubscriptionRow> {
    const row = isUuid(id) ? await this.rows.findOneBy({ id, org: caller.org! }) : null;
    if (!row) throw new NotFoundError('subscription', id);
    return row;
  }

  private async ownWebhook(caller: Caller, id: string): Promise<SubscriptionRow> {
    const row = await this.own(caller, id);
    if (row.delivery !== 'WEBHOOK') throw invalid('A Kafka subscription is consumed, replayed and retried by the integrator itself.');
    return row;
  }
}

function checkFilters(types: string[], sources: string[], catalogue: EventTypeInfo[]): { types: string[]; sources: string[] } {
  if (types.length > MAX_FILTERS || sources.length > MAX_FILTERS) throw invalid(`At most ${MAX_FILTERS} types and ${MAX_FILTERS} sources.`);
  for (const t of types)
    if (!catalogue.some((c) => c.type === t))
      throw invalid(`Unknown event type "${t.slice(0, 200)}"; types: ${catalogue.map((c) => c.type).join(', ')}.`);
  for (const s of sources) if (!SOURCE.test(s)) throw invalid(`Source "${s.slice(0, 200)}" is not urn:nld:oin:<20-digit OIN>.`);
  return { types: [...new Set(types)], sources: [...new Set(sources)] };
}

function view(row: SubscriptionRow, catalogue: EventTypeInfo[], waitingDeliveries = 0): EventSubscription {
  const types = row.types.length === 0 ? catalogue : catalogue.filter((c) => row.types.includes(c.type));
  return {
    id: row.id,
    delivery: row.delivery === 'WEBHOOK' ? Delivery.WEBHOOK : Delivery.KAFKA,
    types: row.types,
    sources: row.sources,
    url: row.url,
    consumerGroup: row.delivery === 'KAFKA' ? `integrator.${row.org}.${row.id}` : null,
    // A Kafka subscriber reads its organisation's own topic, filled with what it may hear; webhooks come from the plein's.
    topics: row.delivery === 'KAFKA' ? [KafkaRouter.topicOf(row.org)] : [...new Set(types.map((t) => t.topic))],
    createdAt: row.createdAt,
    pausedAt: row.pausedAt,
    pausedReason: row.pausedReason,
    waitingDeliveries,
  };
}
