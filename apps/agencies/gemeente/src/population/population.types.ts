import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A residential address as registered by the municipality.' })
export class Address {
  @Field() street!: string;
  @Field() houseNumber!: string;
  @Field() postalCode!: string;
  @Field() city!: string;
}

@ObjectType({ description: 'A person registered in the municipality.' })
@Directive('@key(fields: "bsn")')
export class Person {
  @Field({ description: 'Burgerservicenummer (9 digits, valid by the 11-proef).' }) bsn!: string;
  @Field() givenName!: string;
  @Field() familyName!: string;
  @Field({ description: 'ISO date (yyyy-mm-dd).' }) birthDate!: string;
  householdId!: string;
}

@ObjectType({ description: 'The people registered together at one address.' })
@Directive('@key(fields: "id")')
export class Household {
  @Field(() => ID) id!: string;
  @Field(() => Address) address!: Address;
}
