import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

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
  @Field(() => [Person], {
    description: 'The members you have a basis for (consent, law, or as the person or their parent with authority).',
  })
  members!: Person[];
  @Field(() => Int, {
    description: 'Members shown only as medebewoner: no basis for you to see them, so no BSN, name or birth date.',
  })
  coResidentCount!: number;
}

@ObjectType({ description: 'The municipality where a person is registered (gemeente van inschrijving).' })
export class Residence {
  @Field({ description: "The municipality's OIN." }) municipalityOin!: string;
  @Field() municipalityName!: string;
}
