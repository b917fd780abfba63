import { Directive, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PaymentPeriod } from '@plein/domain';
import { SourceStatus } from './income-overview.js';

registerEnumType(PaymentPeriod, { name: 'PaymentPeriod', description: 'How often an amount is paid.' });
registerEnumType(SourceStatus, {
  name: 'SourceStatus',
  description: 'What came of asking one source.',
  valuesMap: {
    OK: { description: 'The source answered; its streams are included.' },
    UNAVAILABLE: { description: 'The source could not be reached or answered with an error.' },
    TIMEOUT: { description: 'The source did not answer within its time budget.' },
    INVALID_RESPONSE: { description: 'The source answered outside the income contract; its answer was discarded.' },
    PARTIAL: {
      description:
        'The source answered about the members with a basis for the stated purpose; the others (listed in withheldMembers) were not asked.',
    },
    NO_CONSENT: { description: 'No member has a basis (consent or law) for the stated purpose at this source: it was not asked.' },
    BASIS_UNKNOWN: {
      description:
        'Whether there is a basis could not be checked in time (the consent service was slow or down): the source was not asked. This says nothing about consent; try again.',
    },
  },
});

@ObjectType({ description: 'A person as the municipality registers them (fields owned by the municipality).' })
@Directive('@key(fields: "bsn", resolvable: false)')
export class Person {
  @Field() bsn!: string;
  @Field() @Directive('@external') givenName!: string;
  @Field() @Directive('@external') familyName!: string;
}

@ObjectType({ description: 'One income stream of a person from one agency.' })
export class IncomeStream {
  @Field(() => ID) id!: string;
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field() scheme!: string;
  @Field() schemeName!: string;
  @Field(() => Int, { description: 'The amount as paid, in euro cents.' }) amountCents!: number;
  @Field(() => PaymentPeriod) period!: PaymentPeriod;
  @Field(() => Int, { nullable: true, description: 'Per month in euro cents; null for one-off payments.' })
  monthlyCents!: number | null;
  @Field() startDate!: string;
  @Field(() => String, { nullable: true }) endDate!: string | null;
}

@ObjectType({ description: "One member's income across agencies." })
export class MemberIncome {
  @Field() bsn!: string;
  @Field() name!: string;
  @Field(() => [String], { description: 'Agencies not asked about this member: no basis for the stated purpose.' })
  withheldFrom!: string[];
  @Field(() => Int) totalMonthlyCents!: number;
  @Field(() => [IncomeStream], { description: 'Recurring streams, counted in the monthly total.' }) streams!: IncomeStream[];
  @Field(() => [IncomeStream], { description: 'One-off payments of the past year, not in the monthly total.' })
  oneOffPayments!: IncomeStream[];
}

@ObjectType()
export class AgencyTotal {
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field(() => Int) totalMonthlyCents!: number;
  @Field(() => Int) streamCount!: number;
}

@ObjectType({ description: 'What one source answered.' })
export class SourceReport {
  @Field() agencyKey!: string;
  @Field() agencyName!: string;
  @Field() oin!: string;
  @Field(() => SourceStatus) status!: SourceStatus;
  @Field(() => Int) streamCount!: number;
  @Field(() => Int) durationMs!: number;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [String], { description: 'Who this source was not asked about: members by name, co-residents as "medebewoner".' })
  withheldMembers!: string[];
}

@ObjectType({ description: "The household's income from every agency on the plein, normalised per month." })
export class IncomeOverview {
  @Field(() => Int) totalMonthlyCents!: number;
  @Field({ description: 'True only when every source answered about every member.' }) complete!: boolean;
  @Field(() => Int, { description: 'Members you have no basis to see (medebewoners): not in this overview.' })
  coResidentCount!: number;
  @Field(() => [MemberIncome]) members!: MemberIncome[];
  @Field(() => [AgencyTotal]) agencies!: AgencyTotal[];
  @Field(() => [SourceReport]) sources!: SourceReport[];
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Household {
  @Field(() => ID) id!: string;
  @Field(() => [Person]) @Directive('@external') members!: Person[];
  @Field(() => Int) @Directive('@external') coResidentCount!: number;
  @Field(() => IncomeOverview, { description: 'The income of every member you may see, from every agency on the plein.' })
  @Directive('@requires(fields: "members { bsn givenName familyName } coResidentCount")')
  incomeOverview!: IncomeOverview;
}
