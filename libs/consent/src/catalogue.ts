/**
 * The purposes the plein knows and the data categories it shares. A purpose is what a
 * resident consents to and what every access states (Logboek Dataverwerkingen: doelbinding).
 * The codes are the API; the descriptions are what a resident reads, so they are in Dutch.
 */
export const PURPOSES = {
  schuldhulpverlening: 'Schuldhulpverlening: samen met u een plan maken om uw schulden op te lossen',
  bijstandsaanvraag: 'Bijstandsaanvraag: beslissen over uw aanvraag voor een bijstandsuitkering',
  vroegsignalering: 'Vroegsignalering: u op tijd hulp aanbieden als betalingen achterlopen',
} as const;
export type Purpose = keyof typeof PURPOSES;

export const CATEGORIES = {
  income: 'Inkomen: uitkeringen, toeslagen, loon en andere betalingen die deze organisatie u doet',
  household: 'Huishouden: uw adres en wie er bij u wonen, uit de basisregistratie personen van de gemeente',
  case: 'Zaken: uw aanvragen bij deze organisatie en hoe ver ze zijn',
  arrears: 'Betalingsachterstanden: signalen van uw verhuurder, energie- of drinkwaterbedrijf of zorgverzekeraar',
} as const;
export type Category = keyof typeof CATEGORIES;

/**
 * Which plein contract an agency implements when it holds a category: the registry knows the
 * contracts each subgraph implements, so it knows which agency holds what.
 */
export const CATEGORY_CAPABILITY: Readonly<Record<Category, string>> = {
  income: 'income/v1',
  household: 'household/v1',
  // Announced as case-status events (MijnZaken), not served by a subgraph (HELD_BY_EVENTS).
  case: 'case-status/v1',
  // Early-warning signals (vroegsignalering) go to the municipality where the resident lives, on the law: nobody consents to them.
  arrears: 'arrears-signal/v1',
};

export function isPurpose(value: string): value is Purpose {
  return Object.hasOwn(PURPOSES, value);
}

export function isCategory(value: string): value is Category {
  return Object.hasOwn(CATEGORIES, value);
}

/**
 * Categories an organisation holds by announcing them in events it registered (case statuses,
 * early-warning signals), not by serving a subgraph contract: the registry counts the publishers
 * of such event types as their holders, so a resident can consent to them like to any other.
 */
export const HELD_BY_EVENTS: readonly Category[] = ['case', 'arrears'];
