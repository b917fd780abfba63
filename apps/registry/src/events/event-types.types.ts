import { Directive, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An event type an organisation publishes through the plein (CloudEvents, NL GOV profile).' })
export class RegisteredEventType {
  @Field({ description: 'Reverse DNS with a version, e.g. nl.uwv.ww.toegekend.v1.' }) type!: string;
  @Field({ description: 'The publishing organisation (registry key).' }) agencyKey!: string;
  @Field() summary!: string;
  @Field({ description: 'The data category it concerns: a delivery about a resident needs a basis for it.' }) category!: string;
  @Field({ description: 'Whether its subject is a resident (pseudonymous): then only organisations with a basis receive it.' })
  aboutResident!: boolean;
  @Field({ description: 'JSON Schema (2020-12) of its data, as JSON text.' }) schema!: string;
  @Field({ description: 'The plein topic it travels on.' }) topic!: string;
  @Field(() => Int) revision!: number;
  @Field() updatedAt!: Date;
}

@InputType()
export class RegisterEventTypeInput {
  @Field({ description: 'Reverse DNS with a version, e.g. nl.uwv.ww.toegekend.v1.' }) type!: string;
  @Field({ description: 'What happened, in a sentence.' }) summary!: string;
  @Field({ description: 'income, household, …: the category a basis must cover.' }) category!: string;
  @Field() aboutResident!: boolean;
  @Field({ description: 'JSON Schema (2020-12) of the data, as JSON text; type: object; no BSN fields.' }) schema!: string;
}

@ObjectType()
export class EventTypeRegistration {
  @Field(() => RegisteredEventType) eventType!: RegisteredEventType;
  @Field({ description: 'False when the registration equalled what was registered.' }) changed!: boolean;
  @Field({ description: 'A dry run checked everything and stored nothing.' }) dryRun!: boolean;
}

@ObjectType('Service', { description: "A service an agency offers for a life situation (the catalogue's)." })
@Directive('@key(fields: "id agencyKey")')
export class ServiceOfAgency {
  @Field(() => ID) id!: string;
  @Field() agencyKey!: string;
  @Field(() => [RegisteredEventType], {
    description: 'The event types the agency offering this service publishes: what an integrator can subscribe to from it.',
  })
  eventTypes!: RegisteredEventType[];
}
