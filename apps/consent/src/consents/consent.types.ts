import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ConsentStatus {
  ACTIVE = 'ACTIVE',
  NOT_YET_ACTIVE = 'NOT_YET_ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ConsentStatus, { name: 'ConsentStatus' });

@ObjectType({ description: 'A change in a consent’s life.' })
export class ConsentHistoryEntry {
  @Field() action!: string;
  @Field() at!: Date;
}

@ObjectType({ description: "A resident's purpose-bound consent to one organisation." })
export class Consent {
  @Field(() => ID) id!: string;
  @Field({ description: 'OIN of the organisation that may see the data.' }) granteeOrg!: string;
  @Field() purpose!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String], { description: 'Agencies whose data is shared; empty means every agency.' }) sources!: string[];
  @Field() validFrom!: Date;
  @Field() validUntil!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => ConsentStatus) status!: ConsentStatus;
  @Field({ description: 'Always "consent" (AVG art. 6(1)(a)); statutory bases are listed apart.' }) legalBasis!: string;
  @Field(() => [ConsentHistoryEntry]) history!: ConsentHistoryEntry[];
}

@ObjectType({ description: 'A basis in law on which an organisation may see data for one purpose without consent.' })
export class StatutoryBasis {
  @Field(() => ID) id!: string;
  @Field() granteeOrg!: string;
  @Field() purpose!: string;
  @Field() law!: string;
  @Field() article!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String]) sources!: string[];
}

@ObjectType({ description: 'Whether the calling organisation may see this resident’s data now, and on what basis.' })
export class ConsentDecision {
  @Field() bsn!: string;
  @Field() permit!: boolean;
  @Field(() => String, { nullable: true, description: 'consent:<id> or statutory:<law> <article>' }) basis!: string | null;
  @Field(() => String, { nullable: true, description: 'Why not.' }) reason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a permit stops holding by itself.' }) until!: Date | null;
}

@InputType()
export class GrantConsentInput {
  @Field({ description: 'OIN of the organisation.' }) granteeOrg!: string;
  @Field() purpose!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String], { defaultValue: [] }) sources!: string[];
  @Field(() => Date, { nullable: true, description: 'From now when not given.' }) validFrom?: Date | null;
  @Field() validUntil!: Date;
}

@InputType()
export class StatutoryBasisInput {
  @Field() granteeOrg!: string;
  @Field() purpose!: string;
  @Field() law!: string;
  @Field() article!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String], { defaultValue: [] }) sources!: string[];
}

@ObjectType()
export class CategoryPreview {
  @Field() code!: string;
  @Field() description!: string;
}

@ObjectType({ description: 'One agency that would share data if the resident approved, and what.' })
export class SourcePreview {
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field(() => [CategoryPreview]) categories!: CategoryPreview[];
}

@ObjectType({ description: "An organisation's request for a resident's consent." })
export class ConsentRequest {
  @Field(() => ID) id!: string;
  @Field() requesterOrg!: string;
  @Field({ description: 'The caseworker who asked.' }) requestedBy!: string;
  @Field() purpose!: string;
  @Field() purposeDescription!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String]) sources!: string[];
  @Field() validUntil!: Date;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field({ description: 'PENDING, APPROVED or DECLINED.' }) status!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => [SourcePreview], { description: 'Exactly which agencies would share which categories if approved now.' })
  preview!: SourcePreview[];
}

@InputType()
export class RequestConsentInput {
  @Field({ description: "The resident's BSN." }) subjectBsn!: string;
  @Field() purpose!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String], { defaultValue: [] }) sources!: string[];
  @Field() validUntil!: Date;
  @Field(() => String, { nullable: true, description: 'Why, in words the resident understands (≤ 500 characters).' }) message?:
    string | null;
}
