import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A government organisation on the plein.' })
export class Agency {
  @Field(() => ID) key!: string;
  @Field() name!: string;
  @Field({ description: 'Organisatie-identificatienummer (20 digits).' }) oin!: string;
}

@ObjectType({ description: 'A subgraph as registered, at its current revision.' })
export class Subgraph {
  @Field(() => ID) name!: string;
  @Field() agencyKey!: string;
  @Field() routingUrl!: string;
  @Field(() => Int) revision!: number;
  @Field(() => [String], { description: 'Plein contracts it implements, e.g. income/v1.' }) capabilities!: string[];
  @Field() sdl!: string;
}

@ObjectType({ description: 'A composed supergraph that gateways serve.' })
export class SupergraphVersion {
  @Field(() => Int) id!: number;
  @Field() reason!: string;
  @Field() createdAt!: Date;
}

@ObjectType()
export class SubgraphRegistration {
  @Field(() => Subgraph) subgraph!: Subgraph;
  @Field(() => SupergraphVersion) supergraph!: SupergraphVersion;
  @Field({ description: 'False when the submission equalled the live subgraph.' }) changed!: boolean;
}

@InputType()
export class RegisterAgencyInput {
  @Field() key!: string;
  @Field() name!: string;
  @Field() oin!: string;
}

@InputType()
export class RegisterSubgraphInput {
  @Field({ description: 'Key of the agency that owns the subgraph.' }) agencyKey!: string;
  @Field() name!: string;
  @Field() routingUrl!: string;
  @Field({ description: 'The subgraph schema (Federation 2 SDL).' }) sdl!: string;
}
