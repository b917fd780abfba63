import { Directive, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PaymentPeriod } from '@plein/domain';
import type { IncomeStreamV1 } from '@plein/income-contract';

registerEnumType(PaymentPeriod, {
  name: 'PaymentPeriod',
  description: 'How often an amount is paid.',
});

/** The contract's stream type; @inaccessible keeps it out of the public supergraph. */
@ObjectType('IncomeStreamV1', { description: 'One income stream of a person at one provider (plein income contract v1).' })
@Directive('@shareable')
@Directive('@inaccessible')
export class IncomeStreamV1Type implements IncomeStreamV1 {
  @Field(() => ID) id!: string;
  @Field() bsn!: string;
  @Field() scheme!: string;
  @Field() schemeName!: string;
  @Field(() => Int) amountCents!: number;
  @Field(() => PaymentPeriod) period!: PaymentPeriod;
  @Field() startDate!: string;
  @Field(() => String, { nullable: true }) endDate!: string | null;
}
