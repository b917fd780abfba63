import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum Delivery {
  WEBHOOK = 'WEBHOOK',
  KAFKA = 'KAFKA',
}
registerEnumType(Delivery, { name: 'Delivery', description: 'How events reach the integrator.' });

@ObjectType({ description: "An integrator's subscription to plein events." })
export class EventSubscription {
  @Field(() => ID) id!: string;
  @Field(() => Delivery) delivery!: Delivery;
  @Field(() => [String], { description: 'Event types delivered; empty means all.' }) types!: string[];
  @Field(() => [String], { description: 'Event sources (urn:nld:oin:…) delivered; empty means all.' }) sources!: string[];
  @Field(() => String, { nullable: true, description: 'Webhook: where events are posted.' }) url!: string | null;
  @Field(() => String, { nullable: true, description: 'Kafka: the consumer group the integrator may use.' }) consumerGroup!: string | null;
  @Field(() => [String], {
    description:
      "Webhook: the plein topics that carry the subscribed types. Kafka: your organisation's own topic (integrator.<OIN>), filled with every event your organisation may receive; filter on the ce_type and ce_source headers.",
  })
  topics!: string[];
  @Field() createdAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'Webhook: when delivery was paused because an event ran through its whole retry schedule; resumeSubscription starts it again.',
  })
  pausedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why delivery was paused: the last error of that event.' }) pausedReason!:
    string | null;
  @Field(() => Int, { description: 'Webhook: events waiting for their next attempt (or behind an earlier event of their subject).' })
  waitingDeliveries!: number;
}

@ObjectType()
export class WebhookSubscriptionCreated {
  @Field(() => EventSubscription) subscription!: EventSubscription;
  @Field({ description: 'Standard Webhooks signing secret (whsec_…). Shown once: store it to verify deliveries.' })
  secret!: string;
}

@ObjectType({ description: 'An event the plein could not deliver after every attempt.' })
export class DeadLetterEntry {
  @Field(() => Int) id!: number;
  @Field() topic!: string;
  @Field(() => Int) partition!: number;
  @Field(() => Int) offset!: number;
  @Field({ description: 'Why the last attempt failed.' }) error!: string;
  @Field(() => Int) attempts!: number;
}

@ObjectType({ description: 'An event type a subscription can ask for: the plein’s own, or one an organisation registered.' })
export class EventTypeInfo {
  @Field() type!: string;
  @Field() topic!: string;
  @Field() summary!: string;
  @Field(() => String, { nullable: true, description: 'The organisation (registry key) that publishes it; null for the plein’s own.' })
  publisher!: string | null;
  @Field(() => String, { nullable: true, description: 'The data category a basis must cover for a delivery about a resident.' })
  category!: string | null;
  @Field({ description: 'About a resident: delivered only to organisations with a basis for that resident.' }) aboutResident!: boolean;
}

@InputType()
export class SubscribeWebhookInput {
  @Field({ description: 'https URL (http to loopback only in development).' }) url!: string;
  @Field(() => [String], { defaultValue: [] }) types!: string[];
  @Field(() => [String], { defaultValue: [] }) sources!: string[];
}

@InputType()
export class SubscribeKafkaInput {
  @Field(() => [String], { defaultValue: [] }) types!: string[];
  @Field(() => [String], { defaultValue: [] }) sources!: string[];
}

@InputType()
export class PartitionOffsetInput {
  @Field() topic!: string;
  @Field(() => Int) partition!: number;
  @Field(() => Int) offset!: number;
}

@InputType({ description: 'Where delivery starts again: a time, or an offset per partition. Exactly one.' })
export class ReplayInput {
  @Field(() => ID) subscriptionId!: string;
  @Field(() => Date, { nullable: true }) fromTime?: Date | null;
  @Field(() => [PartitionOffsetInput], { nullable: true }) fromOffsets?: PartitionOffsetInput[] | null;
}
