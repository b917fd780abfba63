import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One status a case had, and when the agency set it.' })
export class CaseStatus {
  @Field() statustype!: string;
  @Field() datumStatusGezet!: string;
}

@ObjectType({ description: "A resident's case at an agency (MijnZaken), from the status events the agency published; ZGW vocabulary." })
export class Case {
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field({ description: 'The case number at the agency.' }) zaakIdentificatie!: string;
  @Field() zaaktype!: string;
  @Field({ description: 'The status set last.' }) status!: string;
  @Field({ description: 'When that status was set.' }) statusSince!: string;
  @Field(() => String, { nullable: true }) einddatumGepland!: string | null;
  @Field(() => String, { nullable: true }) einddatum!: string | null;
  @Field(() => [CaseStatus], { description: 'Every status, oldest first.' }) history!: CaseStatus[];
  @Field(() => String, { nullable: true, description: 'The household member it is about, in a household view; null in your own.' })
  bsn?: string | null;
}
