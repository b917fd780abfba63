import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An organisation on the plein.' })
export class Organisation {
  @Field() oin!: string;
  @Field(() => String, { nullable: true, description: 'Its name, when it is an agency on the plein.' }) name!: string | null;
}

@ObjectType({ description: 'One time an organisation saw data about you.' })
export class DataAccess {
  @Field() time!: Date;
  @Field(() => Organisation, { nullable: true, description: 'Who received the data; empty when you looked yourself.' })
  organisation!: Organisation | null;
  @Field({ description: 'In which role (caseworker, resident).' }) role!: string;
  @Field({ description: 'Which agency gave the data.' }) sourceName!: string;
  @Field() source!: string;
  @Field() category!: string;
  @Field() purpose!: string;
  @Field({ description: 'The consent or the article of law it rested on.' }) legalBasis!: string;
  @Field({ description: 'Ties together what happened in one request across agencies.' }) traceId!: string;
}

@ObjectType()
export class TrackerSource {
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field({ description: 'OK, UNAVAILABLE (could not be asked), or NOT_SUPPORTED (keeps no plein processing log).' })
  status!: string;
}

@ObjectType({ description: 'Who saw which of your data, when, from where and why: every agency’s processing log about you.' })
export class DataTracker {
  @Field(() => [DataAccess], { description: 'Newest first.' }) accesses!: DataAccess[];
  @Field(() => [TrackerSource]) sources!: TrackerSource[];
}
