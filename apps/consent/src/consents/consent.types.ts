import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

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

@ObjectType({ description: 'A data category: its code, and what it means in words for residents (Dutch).' })
export class CategoryPreview {
  @Field() code!: string;
  @Field() description!: string;
}

@ObjectType({ description: 'One agency that shares (or would share) data, and exactly which categories: only those it holds.' })
export class SourcePreview {
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field(() => [CategoryPreview]) categories!: CategoryPreview[];
}

@ObjectType({ description: "A resident's purpose-bound consent to one organisation." })
export class Consent {
  @Field(() => ID) id!: string;
  @Field({ description: 'The BSN of the resident it is about: yours, or a minor child of yours.' }) subjectBsn!: string;
  @Field({ description: 'OIN of the organisation that may see the data.' }) granteeOrg!: string;
  @Field({ description: 'Its name when the consent was given.' }) granteeName!: string;
  @Field() purpose!: string;
  @Field({ description: 'The purpose in words for residents (Dutch).' }) purposeDescription!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String], { description: 'The agencies it covers, fixed when it was given.' }) sources!: string[];
  @Field(() => [SourcePreview], { description: 'Per agency, exactly the categories it shares: what the resident was shown.' })
  coverage!: SourcePreview[];
  @Field({ description: 'Whether agencies that join the plein later are covered too: only when the resident chose so.' })
  alsoFutureSources!: boolean;
  @Field({ description: 'Given by a parent with authority for a minor child.' }) givenByRepresentative!: boolean;
  @Field({ description: 'Ends when the child comes of age; the child is then asked.' }) lapsesAtMajority!: boolean;
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

/** @inaccessible: the dispatcher asks the consent service itself; the public API does not offer it. */
@Directive('@inaccessible')
@ObjectType({ description: 'Whether an organisation may receive an event about a resident, and on which basis.' })
export class DeliveryBasis {
  @Field() org!: string;
  @Field() permit!: boolean;
  @Field(() => String, { nullable: true, description: 'The purpose of the consent that permits it.' }) purpose!: string | null;
  @Field(() => String, { nullable: true, description: 'consent:<id>' }) basis!: string | null;
}

@InputType()
export class GrantConsentInput {
  @Field(() => String, { nullable: true, description: 'A minor child you have parental authority over; yourself when not given.' })
  subjectBsn?: string | null;
  @Field({ description: 'OIN of the organisation.' }) granteeOrg!: string;
  @Field() purpose!: string;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String], {
    defaultValue: [],
    description: 'Agency keys; none: every agency on the plein now that holds one of the categories.',
  })
  sources!: string[];
  @Field({
    defaultValue: false,
    description: 'Also agencies that join the plein later (only with no sources named). Off unless you choose it.',
  })
  alsoFutureSources?: boolean;
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

@ObjectType({ description: "An organisation's request for a resident's consent." })
export class ConsentRequest {
  @Field(() => ID) id!: string;
  @Field({ description: 'The BSN of the resident asked: yours, or a minor child of yours.' }) subjectBsn!: string;
  @Field({ description: 'OIN of the organisation that asks.' }) requesterOrg!: string;
  @Field({ description: 'The name of the organisation that asks.' }) requesterName!: string;
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
  @Field(() => [SourcePreview], {
    description: 'Exactly which agencies would share which categories if approved: fixed when asked; approving grants this.',
  })
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
