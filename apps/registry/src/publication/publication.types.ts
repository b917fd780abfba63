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

@ObjectType({ description: 'One change a publication makes to the public API.' })
export class SchemaChange {
  @Field() type!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field({ description: 'BREAKING, DANGEROUS or NON_BREAKING.' }) criticality!: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'For breaking changes: whether clients used it in the usage window (then it blocks).',
  })
  usedRecently?: boolean | null;
}

@ObjectType({ description: 'A composed supergraph that gateways serve.' })
export class SupergraphVersion {
  @Field(() => Int) id!: number;
  @Field() reason!: string;
  @Field(() => String, { nullable: true, description: 'Who published it.' }) publishedBy!: string | null;
  @Field(() => [SchemaChange], { description: 'What it changed in the public API.' }) changes!: SchemaChange[];
  @Field() createdAt!: Date;
}

@ObjectType()
export class SubgraphRegistration {
  @Field(() => Subgraph) subgraph!: Subgraph;
  @Field(() => SupergraphVersion) supergraph!: SupergraphVersion;
  @Field({ description: 'False when the submission equalled the live subgraph.' }) changed!: boolean;
  @Field({ description: 'True when it was only checked: nothing was stored.' }) dryRun!: boolean;
  @Field(() => [SchemaChange], { description: 'What the publication changes, or would change, in the public API.' })
  changes!: SchemaChange[];
}

@InputType()
export class FieldUsageInput {
  @Field({ description: 'A schema coordinate, Type.field.' }) coordinate!: string;
  @Field(() => Int) count!: number;
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
