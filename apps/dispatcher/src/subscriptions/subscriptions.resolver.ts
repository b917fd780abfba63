import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { SubscriptionsService } from './subscriptions.service.js';
import {
  DeadLetterEntry,
  EventSubscription,
  EventTypeInfo,
  ReplayInput,
  SubscribeKafkaInput,
  SubscribeWebhookInput,
  WebhookSubscriptionCreated,
} from './subscriptions.types.js';

@Resolver()
export class SubscriptionsResolver {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @Query(() => [EventTypeInfo], {
    description:
      'The event types one can subscribe to: the plein’s own and those organisations registered (the registry serves them as AsyncAPI at /asyncapi.json).',
  })
  @Allow(Role.INTEGRATOR, Role.PLEIN_ADMIN)
  eventTypes(): Promise<EventTypeInfo[]> {
    return this.subscriptions.eventTypes();
  }

  @Query(() => [EventSubscription], { description: "Your organisation's event subscriptions." })
  @Allow(Role.INTEGRATOR)
  eventSubscriptions(@Context() ctx: RequestContext): Promise<EventSubscription[]> {
    return this.subscriptions.list(requireCaller(ctx.caller));
  }

  @Query(() => [DeadLetterEntry], { description: 'Events a webhook subscription could not deliver, with the last error.' })
  @Allow(Role.INTEGRATOR)
  deadLetters(@Args('subscriptionId', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<DeadLetterEntry[]> {
    return this.subscriptions.deadLetters(requireCaller(ctx.caller), id);
  }

  @Mutation(() => WebhookSubscriptionCreated, {
    description: 'Signed CloudEvents posted to your URL; failures retried over about a day (DELIVERY_RETRY_SCHEDULE), then dead letters.',
  })
  @Allow(Role.INTEGRATOR)
  subscribeWebhook(@Args('input') input: SubscribeWebhookInput, @Context() ctx: RequestContext): Promise<WebhookSubscriptionCreated> {
    return this.subscriptions.subscribeWebhook(requireCaller(ctx.caller), input);
  }

  @Mutation(() => EventSubscription, { description: "A consumer group of your own on the plein's Kafka topics." })
  @Allow(Role.INTEGRATOR)
  subscribeKafka(@Args('input') input: SubscribeKafkaInput, @Context() ctx: RequestContext): Promise<EventSubscription> {
    return this.subscriptions.subscribeKafka(requireCaller(ctx.caller), input);
  }

  @Mutation(() => Boolean)
  @Allow(Role.INTEGRATOR)
  unsubscribe(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<boolean> {
    return this.subscriptions.unsubscribe(requireCaller(ctx.caller), id);
  }

  @Mutation(() => Int, { description: 'Delivers the given dead letters (all when no ids) once more; returns how many arrived.' })
  @Allow(Role.INTEGRATOR)
  retryDeadLetters(
    @Args('subscriptionId', { type: () => ID }) id: string,
    @Args('ids', { type: () => [Int], nullable: true }) ids: number[] | null,
    @Context() ctx: RequestContext,
  ): Promise<number> {
    return this.subscriptions.retryDeadLetters(requireCaller(ctx.caller), id, ids);
  }

  @Mutation(() => EventSubscription, { description: 'Delivers again to a paused webhook: what waited first, then everything since.' })
  @Allow(Role.INTEGRATOR)
  resumeSubscription(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<EventSubscription> {
    return this.subscriptions.resume(requireCaller(ctx.caller), id);
  }

  @Mutation(() => EventSubscription, { description: 'Delivers again from a time or from offsets.' })
  @Allow(Role.INTEGRATOR)
  replaySubscription(@Args('input') input: ReplayInput, @Context() ctx: RequestContext): Promise<EventSubscription> {
    return this.subscriptions.replay(requireCaller(ctx.caller), input.subscriptionId, { time: input.fromTime, offsets: input.fromOffsets });
  }
}
