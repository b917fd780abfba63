import { bsnCheckDigit, PaymentPeriod } from '@plein/domain';
import { BELASTINGDIENST, DUO, GEMEENTE, LBIO, SVB, TOESLAGEN, UWV, type DemoAgency } from './agencies.js';
import { FAMILY_NAMES, GIVEN_NAMES, STREETS } from './names.js';
import { Random, stableUuid } from './random.js';

export interface DemoPerson {
  bsn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

export interface DemoAward {
  id: string;
  agency: DemoAgency['key'];
  bsn: string;
  scheme: string;
  amountCents: number;
  period: PaymentPeriod;
  startDate: string;
  endDate: string | null;
}

export interface DemoHousehold {
  id: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  members: DemoPerson[];
  awards: DemoAward[];
  /** Ouderlijk gezag as the municipality registers it: each parent of each minor child. */
  parentalAuthority: Array<{ parentBsn: string; childBsn: string }>;
}

export interface PopulationSpec {
  households: number;
  seed: string;
  /** One-off payments are dated a few weeks before this day (yyyy-mm-dd); defaults to today. */
  referenceDate?: string;
}

export const MAX_HOUSEHOLDS = 1_000_000;
const MAX_MEMBERS = 8;
/** Dates are relative to a fixed reference so generated data does not drift with the clock. */
const REFERENCE_YEAR = 2026;

/**
 * The synthetic population: a pure function of (seed, index) per household. Household 0 is
 * always the El Amrani household, whose income comes in twelve parts from seven agencies.
 */
export function* generatePopulation(spec: PopulationSpec): Generator<DemoHousehold> {
  if (!Number.isInteger(spec.households) || spec.households < 1 || spec.households > MAX_HOUSEHOLDS) {
    throw new RangeError(`households must be a whole number from 1 to ${MAX_HOUSEHOLDS}; got ${spec.households}`);
  }
  const day = spec.referenceDate ?? new Date().toISOString().slice(0, 10);
  for (let index = 0; index < spec.households; index++) yield generateHousehold(spec.seed, index, day);
}

export function generateHousehold(seed: string, index: number, referenceDate: string): DemoHousehold {
  return index === 0 ? twelvePartHousehold(seed, referenceDate) : randomHousehold(seed, index, referenceDate);
}

/**
 * Deterministic, unique BSN for member m of household i: a unique 7-digit prefix from a
 * permutation of (i, m), then the first eighth digit that lets the 11-proef close.
 */
export function demoBsn(seed: string, householdIndex: number, memberIndex: number): string {
  const space = 9_000_000;
  const offset = new Random(seed, 'bsn-offset').int(0, space - 1);
  const n = householdIndex * MAX_MEMBERS + memberIndex;
  // 7919 is prime and does not divide 9,000,000, so this is a permutation of the space.
  const prefix7 = String(1_000_000 + ((n * 7919 + offset) % space));
  for (let d8 = 0; d8 <= 9; d8++) {
    const check = bsnCheckDigit(prefix7 + d8);
    if (check !== undefined) return `${prefix7}${d8}${check}`;
  }
  throw new Error('unreachable: two consecutive eighth digits never both fail the 11-proef');
}

function twelvePartHousehold(seed: string, referenceDate: string): DemoHousehold {
  const id = stableUuid(seed, 'household', 0);
  const [mother, son, daughter, youngest] = [
    person(seed, 0, 0, 'Fatima', 'El Amrani', '1982-03-14'),
    person(seed, 0, 1, 'Yassin', 'El Amrani', '2007-01-22'),
    person(seed, 0, 2, 'Noor', 'El Amrani', '2016-09-03'),
    person(seed, 0, 3, 'Adam', 'El Amrani', '2019-05-30'),
  ];
  const award = awardMaker(id, referenceDate);
  const awards = [
    award(GEMEENTE, mother.bsn, 'PARTICIPATIEWET', 61250, 'MONTH'),
    award(GEMEENTE, mother.bsn, 'INDIVIDUELE_INKOMENSTOESLAG', 45600, 'YEAR'),
    award(GEMEENTE, mother.bsn, 'BIJZONDERE_BIJSTAND', 35000, 'ONE_OFF'),
    award(UWV, mother.bsn, 'WIA', 89412, 'MONTH'),
    award(SVB, mother.bsn, 'KINDERBIJSLAG', 60226, 'QUARTER'),
    award(TOESLAGEN, mother.bsn, 'HUURTOESLAG', 38700, 'MONTH'),
    award(TOESLAGEN, mother.bsn, 'ZORGTOESLAG', 13100, 'MONTH'),
    award(TOESLAGEN, mother.bsn, 'KINDGEBONDEN_BUDGET', 34583, 'MONTH'),
    award(BELASTINGDIENST, mother.bsn, 'VOORLOPIGE_TERUGGAAF', 8500, 'MONTH'),
    award(LBIO, mother.bsn, 'KINDERALIMENTATIE', 25000, 'MONTH'),
    award(DUO, son.bsn, 'STUDIEFINANCIERING', 39149, 'MONTH'),
    award(TOESLAGEN, son.bsn, 'ZORGTOESLAG', 13100, 'MONTH'),
  ];
  return {
    id,
    street: 'Zamenhofdreef',
    houseNumber: '112',
    postalCode: '3562 JW',
    city: 'Utrecht',
    members: [mother, son, daughter, youngest],
    awards,
    // Yassin is 19: his mother no longer has authority over him.
    parentalAuthority: [daughter, youngest].map((child) => ({ parentBsn: mother.bsn, childBsn: child.bsn })),
  };
}

type Kind = 'single' | 'couple' | 'family' | 'singleParent' | 'pensioners';

function randomHousehold(seed: string, index: number, referenceDate: string): DemoHousehold {
  const r = new Random(seed, 'household', index);
  const id = stableUuid(seed, 'household', index);
  const familyName = r.pick(FAMILY_NAMES);
  const kind = pickKind(r);
  const adults = kind === 'couple' || kind === 'family' || kind === 'pensioners' ? 2 : 1;
  const children = kind === 'family' || kind === 'singleParent' ? r.int(1, 4) : 0;
  const adultAge = kind === 'pensioners' ? r.int(68, 90) : r.int(22, 62);

  const members: DemoPerson[] = [];
  for (let m = 0; m < adults; m++) {
    members.push(person(seed, index, m, r.pick(GIVEN_NAMES), familyName, birthDate(r, adultAge + r.int(-3, 3))));
  }
  for (let c = 0; c < children; c++) {
    const age = r.int(0, Math.min(21, Math.max(0, adultAge - 18)));
    members.push(person(seed, index, adults + c, r.pick(GIVEN_NAMES), familyName, birthDate(r, age)));
  }

  const award = awardMaker(id, referenceDate);
  const awards: DemoAward[] = [];
  const lowIncome = r.chance(kind === 'singleParent' ? 0.55 : 0.3);
  for (const adult of members.slice(0, adults)) {
    if (kind === 'pensioners') {
      awards.push(award(SVB, adult.bsn, 'AOW', r.int(98000, 152000), 'MONTH'));
      if (r.chance(0.05)) awards.push(award(SVB, adult.bsn, 'ANW', r.int(40000, 140000), 'MONTH'));
    } else if (lowIncome && r.chance(0.5)) {
      awards.push(award(GEMEENTE, adult.bsn, 'PARTICIPATIEWET', r.int(40000, 140000), 'MONTH'));
      if (r.chance(0.3)) awards.push(award(GEMEENTE, adult.bsn, 'INDIVIDUELE_INKOMENSTOESLAG', r.int(30000, 60000), 'YEAR'));
      if (r.chance(0.15)) awards.push(award(GEMEENTE, adult.bsn, 'BIJZONDERE_BIJSTAND', r.int(5000, 80000), 'ONE_OFF'));
    } else if (r.chance(0.12)) {
      const scheme = r.pick(['WW', 'WIA', 'ZW'] as const);
      awards.push(award(UWV, adult.bsn, scheme, r.int(90000, 260000), scheme === 'ZW' ? 'FOUR_WEEKS' : 'MONTH'));
    }
    if (r.chance(lowIncome ? 0.85 : 0.35)) awards.push(award(TOESLAGEN, adult.bsn, 'ZORGTOESLAG', r.int(2000, 13100), 'MONTH'));
    if (r.chance(0.1)) awards.push(award(BELASTINGDIENST, adult.bsn, 'VOORLOPIGE_TERUGGAAF', r.int(2000, 40000), 'MONTH'));
  }
  const head = members[0]!;
  if (r.chance(lowIncome ? 0.7 : 0.2)) awards.push(award(TOESLAGEN, head.bsn, 'HUURTOESLAG', r.int(5000, 45000), 'MONTH'));
  const minors = members.slice(adults).filter((p) => ageOf(p) < 18).length;
  if (minors > 0) {
    awards.push(award(SVB, head.bsn, 'KINDERBIJSLAG', minors * r.int(28000, 34000), 'QUARTER'));
    if (r.chance(lowIncome ? 0.9 : 0.4)) awards.push(award(TOESLAGEN, head.bsn, 'KINDGEBONDEN_BUDGET', r.int(5000, 45000), 'MONTH'));
    if (r.chance(0.25)) awards.push(award(TOESLAGEN, head.bsn, 'KINDEROPVANGTOESLAG', r.int(20000, 150000), 'MONTH'));
    if (kind === 'singleParent' && r.chance(0.35)) awards.push(award(LBIO, head.bsn, 'KINDERALIMENTATIE', r.int(10000, 60000), 'MONTH'));
  }
  for (const child of members.slice(adults)) {
    if (ageOf(child) >= 18 && r.chance(0.8)) awards.push(award(DUO, child.bsn, 'STUDIEFINANCIERING', r.int(12000, 110000), 'MONTH'));
  }

  return {
    id,
    street: r.pick(STREETS),
    houseNumber: String(r.int(1, 240)),
    postalCode: `${r.int(3500, 3585)} ${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))}`,
    city: 'Utrecht',
    members,
    awards,
    parentalAuthority:
      kind === 'pensioners'
        ? []
        : members
            .slice(adults)
            .filter((child) => ageOf(child) < 18)
            .flatMap((child) => members.slice(0, adults).map((parent) => ({ parentBsn: parent.bsn, childBsn: child.bsn }))),
  };
}

function pickKind(r: Random): Kind {
  const x = r.next();
  if (x < 0.32) return 'single';
  if (x < 0.52) return 'couple';
  if (x < 0.76) return 'family';
  if (x < 0.86) return 'singleParent';
  return 'pensioners';
}

function person(seed: string, household: number, member: number, givenName: string, familyName: string, born: string): DemoPerson {
  return { bsn: demoBsn(seed, household, member), givenName, familyName, birthDate: born };
}

function awardMaker(householdId: string, referenceDate: string) {
  const oneOffDay = addDays(referenceDate, -30);
  let n = 0;
  return (agency: DemoAgency, bsn: string, scheme: string, amountCents: number, period: PaymentPeriod): DemoAward => {
    if (!(scheme in agency.schemes)) throw new Error(`${agency.key} does not pay ${scheme}`);
    return {
      id: stableUuid(householdId, 'award', n++),
      agency: agency.key,
      bsn,
      scheme,
      amountCents,
      period,
      startDate: period === 'ONE_OFF' ? oneOffDay : `${REFERENCE_YEAR - 1}-01-01`,
      endDate: null,
    };
  };
}

function birthDate(r: Random, age: number): string {
  const month = String(r.int(1, 12)).padStart(2, '0');
  const day = String(r.int(1, 28)).padStart(2, '0');
  return `${REFERENCE_YEAR - Math.max(0, age)}-${month}-${day}`;
}

function ageOf(p: DemoPerson): number {
  return REFERENCE_YEAR - Number(p.birthDate.slice(0, 4));
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
