import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PARTNER_STATUSES, SIGNAL_RESULTS, SIGNAL_STATUSES } from '@plein/events';

const valuesMap = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, { description: v }]));

export const SignalStatusEnum = Object.fromEntries(Object.keys(SIGNAL_STATUSES).map((k) => [k, k]));
registerEnumType(SignalStatusEnum, {
  name: 'SignalStatus',
  description: 'What the municipality did with an early-warning signal (ddas-vroegsignalering, EnumSignaalstatus).',
  valuesMap: valuesMap(SIGNAL_STATUSES),
});
export const SignalResultEnum = Object.fromEntries(Object.keys(SIGNAL_RESULTS).map((k) => [k, k]));
registerEnumType(SignalResultEnum, {
  name: 'SignalResult',
  description: 'The end result of a picked-up signal (ddas-vroegsignalering, EnumEindresultaat).',
  valuesMap: valuesMap(SIGNAL_RESULTS),
});
export const PartnerSignalStatusEnum = Object.fromEntries(Object.keys(PARTNER_STATUSES).map((k) => [k, k]));
registerEnumType(PartnerSignalStatusEnum, {
  name: 'PartnerSignalStatus',
  description: 'What the partner that sent a signal is told of it.',
  valuesMap: valuesMap(PARTNER_STATUSES),
});

@ObjectType({ description: 'A change a caseworker recorded.' })
export class SignalChange {
  @Field(() => SignalStatusEnum) status!: string;
  @Field(() => SignalResultEnum, { nullable: true }) resultaat!: string | null;
  @Field() at!: string;
  @Field({ description: 'The caseworker.' }) by!: string;
}

@ObjectType({ description: 'A signal of payment arrears from a signal partner, routed to the municipality where the resident lives.' })
export class EarlyWarningSignal {
  @Field(() => ID) ref!: string;
  @Field(() => String, { nullable: true, description: 'The member it is about.' }) bsn!: string | null;
  @Field({ description: 'The partner that sent it.' }) partnerName!: string;
  @Field({ description: 'Its event type.' }) type!: string;
  @Field({ description: 'When the partner sent it (signaaldatum).' }) signaaldatum!: string;
  @Field({ description: 'Since when the arrears exist (ontstaansdatum).' }) ontstaansdatum!: string;
  @Field(() => Int) bedragInCenten!: number;
  @Field({ description: 'Huur, Energie, Water, Zorg, …' }) signaalpartner!: string;
  @Field() crisissignaal!: boolean;
  @Field({ description: 'The partner already spoke with the resident and asks the municipality to take over.' }) warmeOverdracht!: boolean;
  @Field(() => SignalStatusEnum) status!: string;
  @Field(() => [SignalStatusEnum], { description: 'The statuses it may go to next (none once it is closed).' })
  nextStatuses!: readonly string[];
  @Field(() => SignalResultEnum, { nullable: true }) resultaat!: string | null;
  @Field(() => String, { nullable: true, description: "The municipality's own note; never shown to the partner." }) note!: string | null;
  @Field() receivedAt!: Date;
  @Field(() => [SignalChange]) history!: SignalChange[];
}

@InputType()
export class SignalOutcomeInput {
  @Field(() => SignalStatusEnum) status!: string;
  @Field(() => SignalResultEnum, { nullable: true, description: 'Required when the status is AFGESLOTEN.' }) resultaat?: string | null;
  @Field(() => String, { nullable: true, description: 'At most 2000 characters; for the municipality only.' }) note?: string | null;
}

@ObjectType({ description: "One of your organisation's signals, as the municipality lets you know of it." })
export class PublishedSignal {
  @Field(() => ID, { description: "The plein's id of the event." }) id!: string;
  @Field({ description: 'Your own id of the event.' }) publisherEventId!: string;
  @Field() type!: string;
  @Field() receivedAt!: Date;
  @Field(() => PartnerSignalStatusEnum) status!: string;
}
