import { Directive, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "A moment in a resident's life around which agencies offer services." })
export class LifeSituation {
  @Field(() => ID) key!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => [String], { description: 'Its steps, in order.' }) milestones!: string[];
  @Field(() => [Service], { description: 'The services agencies offer for it.' }) services?: Service[];
}

@ObjectType({ description: 'A service an agency offers for a life situation.' })
// An entity so the registry can add what else its agency offers: the event types it publishes.
@Directive('@key(fields: "id agencyKey", resolvable: false)')
export class Service {
  @Field(() => ID) id!: string;
  @Field() agencyKey!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() lifeSituation!: string;
  @Field() milestone!: string;
  @Field(() => [String]) channels!: string[];
  @Field({ description: 'Service formula: klant, partner, onderdaan or gebruiker.' }) formula!: string;
  @Field() url!: string;
  @Field(() => [String]) keywords!: string[];
  @Field() status!: string;
}

@ObjectType()
export class RankedSituation {
  @Field(() => LifeSituation) situation!: LifeSituation;
  @Field(() => Float) rank!: number;
}

@ObjectType()
export class RankedService {
  @Field(() => Service) service!: Service;
  @Field(() => Float) rank!: number;
}

@ObjectType({ description: 'What a search in your own words found, best first.' })
export class SearchResult {
  @Field(() => [RankedSituation]) lifeSituations!: RankedSituation[];
  @Field(() => [RankedService]) services!: RankedService[];
}

@ObjectType({ description: 'A phrase residents searched for that found nothing.' })
export class ZeroResultPhrase {
  @Field() phrase!: string;
  @Field(() => Int) searches!: number;
}

@InputType()
export class PublishServiceInput {
  @Field() agencyKey!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() lifeSituation!: string;
  @Field() milestone!: string;
  @Field(() => [String]) channels!: string[];
  @Field() formula!: string;
  @Field({ description: 'https URL of the service at the agency.' }) url!: string;
  @Field(() => [String], { defaultValue: [] }) keywords!: string[];
}
