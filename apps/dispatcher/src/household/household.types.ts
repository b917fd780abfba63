import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Case } from '../cases/cases.types.js';
import { EarlyWarningSignal } from '../early-warning/early-warning.types.js';

@ObjectType('Person', { description: 'A person as the municipality registers them (fields owned by the municipality).' })
@Directive('@key(fields: "bsn", resolvable: false)')
export class HouseholdMember {
  @Field() bsn!: string;
}

/**
 * The municipality's Household, with what the dispatcher knows of its members: their cases at
 * agencies and the early-warning signals routed to the caller's municipality. Only members the
 * caller may see at the municipality reach these fields (`@requires(members { bsn })`).
 */
@ObjectType('Household')
@Directive('@key(fields: "id")')
export class DispatcherHousehold {
  @Field(() => ID) id!: string;
  @Field(() => [HouseholdMember]) @Directive('@external') members!: HouseholdMember[];
  @Field(() => [EarlyWarningSignal], {
    description:
      "Signals of payment arrears about the members you see, routed to your municipality (vroegsignalering): open ones, or all with includeClosed. Seen for the purpose vroegsignalering, on the municipality's statutory basis.",
  })
  @Directive('@requires(fields: "members { bsn }")')
  earlyWarningSignals!: EarlyWarningSignal[];
  @Field(() => [Case], {
    description:
      "The members' cases at agencies (from their case status events), for each member and agency on your organisation's basis for the purpose you state (category case).",
  })
  @Directive('@requires(fields: "members { bsn }")')
  cases!: Case[];
}
