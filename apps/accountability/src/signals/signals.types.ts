import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SIGNAL_ACTIONS } from './signal-status.js';
import { Rule } from './detector.js';

export const MisuseRuleEnum = Object.fromEntries(Object.values(Rule).map((r) => [r.toUpperCase().replace(/-/g, '_'), r]));
registerEnumType(MisuseRuleEnum, { name: 'MisuseRule', description: 'The rule that raised a misuse signal.' });

export const MisuseSignalActionEnum = Object.fromEntries(SIGNAL_ACTIONS.map((a) => [a.toUpperCase().replace(/-/g, '_'), a]));
registerEnumType(MisuseSignalActionEnum, {
  name: 'MisuseSignalAction',
  description: 'ACKNOWLEDGE, ASK_EMPLOYEE (for an explanation), CLOSE or ESCALATE; EXPLAIN is the employee’s.',
});

@ObjectType({ description: 'One entry of the accountable record: checkable against its source’s chain by (source, seq, hash).' })
export class MisuseEvidence {
  @Field({ description: 'The organisation whose processing log it is (OIN).' }) sourceOrg!: string;
  @Field() source!: string;
  @Field(() => Float) seq!: number;
  @Field({ description: 'The entry’s MAC in the source’s chain.' }) hash!: string;
  @Field() at!: Date;
  @Field() name!: string;
  @Field() refused!: boolean;
  @Field({ description: 'consent:<id>, statutory:<law>, or why it was refused.' }) basis!: string;
  @Field() purpose!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The resident, by pseudonym; none for a request refused before any resident was in question.',
  })
  subject!: string | null;
  @Field(() => String, { nullable: true, description: 'The employee or account (token subject).' }) actor!: string | null;
  @Field() category!: string;
  @Field() traceId!: string;
}

@ObjectType({ description: 'A step taken on a signal: who, when, what, and the note saying why.' })
export class MisuseSignalStep {
  @Field() at!: Date;
  @Field() actor!: string;
  @Field() action!: string;
  @Field() note!: string;
}

@ObjectType({ description: 'A misuse rule that fired on your organisation’s accesses, with its evidence.' })
export class MisuseSignal {
  @Field(() => ID) id!: string;
  @Field(() => MisuseRuleEnum) rule!: string;
  @Field({ description: 'Why, in numbers a person can check.' }) reason!: string;
  @Field({ description: 'open, acknowledged, explanation-asked, explained, closed or escalated.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'The employee or account (token subject).' }) actor!: string | null;
  @Field(() => String, { nullable: true, description: 'The resident, by pseudonym, where the rule is about one.' }) subject!: string | null;
  @Field() firstAt!: Date;
  @Field() lastAt!: Date;
  @Field() raisedAt!: Date;
  @Field(() => [MisuseEvidence]) evidence!: MisuseEvidence[];
  @Field(() => [MisuseSignalStep]) actions!: MisuseSignalStep[];
}

@ObjectType({ description: 'A signal your security officer asks you to explain.' })
export class MisuseSignalToExplain {
  @Field(() => ID) id!: string;
  @Field(() => MisuseRuleEnum) rule!: string;
  @Field() reason!: string;
  @Field() firstAt!: Date;
  @Field() lastAt!: Date;
}

@ObjectType('MisuseOfficeHours')
@InputType('MisuseOfficeHoursInput')
export class MisuseOfficeHours {
  @Field({ description: 'Local time, HH:MM; later than `to` for a night shift.' }) from!: string;
  @Field() to!: string;
  @Field(() => [Int], { description: 'ISO weekdays: 1 Monday … 7 Sunday.' }) days!: number[];
}

@ObjectType('MisuseHouseholdThreshold')
@InputType('MisuseHouseholdThresholdInput')
export class MisuseHouseholdThreshold {
  @Field(() => Int) windowMinutes!: number;
  @Field(() => Int) minimum!: number;
  @Field(() => Float) timesColleagues!: number;
}

@ObjectType('MisuseRefusalThreshold')
@InputType('MisuseRefusalThresholdInput')
export class MisuseRefusalThreshold {
  @Field(() => Int) windowMinutes!: number;
  @Field(() => Int) count!: number;
}

@ObjectType('MisuseBurstThreshold')
@InputType('MisuseBurstThresholdInput')
export class MisuseBurstThreshold {
  @Field(() => Int) windowSeconds!: number;
  @Field(() => Int) count!: number;
}

@ObjectType('MisuseThresholds', { description: 'Your organisation’s thresholds for misuse signals.' })
@InputType('MisuseThresholdsInput')
export class MisuseThresholds {
  @Field() timeZone!: string;
  @Field(() => MisuseOfficeHours) officeHours!: MisuseOfficeHours;
  @Field(() => MisuseHouseholdThreshold) households!: MisuseHouseholdThreshold;
  @Field(() => MisuseRefusalThreshold) refusals!: MisuseRefusalThreshold;
  @Field(() => MisuseBurstThreshold) burst!: MisuseBurstThreshold;
}

@ObjectType({ description: 'An access to your data outside the normal pattern, and why.' })
export class UnusualAccess {
  @Field({ description: 'The agency whose data it was, as in the data tracker.' }) source!: string;
  @Field({ description: 'The request, as in the data tracker: with source, what to ask an explanation of.' }) traceId!: string;
  @Field() time!: Date;
  @Field(() => String, { nullable: true }) organisation!: string | null;
  @Field(() => [String]) why!: string[];
}

@ObjectType({ description: 'A resident’s request to explain one access to their data, and the answer.' })
export class ExplanationRequest {
  @Field(() => ID) id!: string;
  @Field({ description: 'The organisation asked (OIN).' }) org!: string;
  @Field() question!: string;
  @Field() askedAt!: Date;
  @Field({ description: 'By when the organisation must answer.' }) dueAt!: Date;
  @Field(() => String, { nullable: true }) answer!: string | null;
  @Field(() => Date, { nullable: true }) answeredAt!: Date | null;
  @Field(() => MisuseEvidence, { description: 'The access it is about.' }) record!: MisuseEvidence;
}

@ObjectType({ description: 'One line of an access report: per day, source, purpose and outcome; specific reports add who and whom.' })
export class AccessReportLine {
  @Field() day!: string;
  @Field() source!: string;
  @Field() purpose!: string;
  @Field({ description: 'accessed or refused' }) outcome!: string;
  @Field(() => String, { nullable: true }) actor?: string;
  @Field(() => String, { nullable: true, description: 'The resident, by pseudonym.' }) subject?: string | null;
  @Field(() => Int) accesses!: number;
}
