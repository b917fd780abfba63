/**
 * The purposes the plein knows and the data categories it shares. A purpose is what a
 * resident consents to and what every access states (Logboek Dataverwerkingen: doelbinding).
 */
export const PURPOSES = {
  schuldhulpverlening: 'Schuldhulpverlening: a plan for debts, by the municipality or on its behalf',
  bijstandsaanvraag: 'Bijstandsaanvraag: deciding on an application for social assistance',
  vroegsignalering: 'Vroegsignalering: reaching out early when payments fall behind',
} as const;
export type Purpose = keyof typeof PURPOSES;

export const CATEGORIES = {
  income: 'Income: benefits, allowances, wages and other payments per agency',
  household: 'Household: address and the people living there, from the municipal records',
} as const;
export type Category = keyof typeof CATEGORIES;

export function isPurpose(value: string): value is Purpose {
  return Object.hasOwn(PURPOSES, value);
}

export function isCategory(value: string): value is Category {
  return Object.hasOwn(CATEGORIES, value);
}
