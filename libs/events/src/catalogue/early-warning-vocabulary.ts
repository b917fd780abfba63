/**
 * The vocabulary of the data model ddas-vroegsignalering (VNG, Divosa, NVVK): what a municipality
 * did with an early-warning signal (EnumSignaalstatus, plus picked up and closed), the end result of
 * a picked-up signal (EnumEindresultaat), and what the partner that sent it is told. The codes are
 * the API; the labels are the model's Dutch.
 */
export const SIGNAL_STATUSES = {
  NOG_NIET_OPGEPAKT: 'Nog niet opgepakt',
  OPGEPAKT: 'Opgepakt',
  NIET_OPGEPAKT_ONTERECHT: 'Niet opgepakt: onterecht signaal',
  NIET_OPGEPAKT_HERHAALD: 'Niet opgepakt: herhaalde melding',
  NIET_OPGEPAKT_ANDERE_REDEN: 'Niet opgepakt: andere reden',
  INWONER_OVERLEDEN: 'Inwoner is overleden',
  GEEN_INWONER: 'Persoon is geen inwoner (meer) in de gemeente',
  AFGESLOTEN: 'Afgesloten met een eindresultaat',
} as const;
export type SignalStatus = keyof typeof SIGNAL_STATUSES;

export const SIGNAL_RESULTS = {
  AL_BEKEND_BIJ_SCHULDHULPVERLENING: 'Inwoner al bekend bij schuldhulpverlening',
  ANDER_LOPEND_TRAJECT: 'Inwoner heeft al een ander lopend traject',
  DEFINITIEF_GEEN_CONTACT: 'Definitief geen contact kunnen krijgen',
  GEEN_REACTIE_NA_EERDER_CONTACT: 'Geen reactie na eerder contact',
  GEEN_HULP_NODIG: 'Inwoner hoeft geen hulp vanuit vroegsignalering',
  ZELF_BETAALD_OF_REGELING: 'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
  BUDGETADVIES_OF_QUICK_FIX: '(Budget)advies en/of quick fix',
  VERVOLGHULP_FINANCIEEL: 'Vervolghulp en/of verwijzing financieel',
  VERVOLGHULP_NIET_FINANCIEEL: 'Vervolghulp en/of verwijzing niet financieel',
  VERWIJZING_ZONDER_CONTACT: 'Verwijzing zonder contact',
} as const;
export type SignalResult = keyof typeof SIGNAL_RESULTS;

/** What the partner that sent a signal is told of it. */
export const PARTNER_STATUSES = {
  NOG_NIET_OPGEPAKT: 'Nog niet opgepakt',
  OPGEPAKT: 'Opgepakt',
  NIET_OPGEPAKT: 'Niet opgepakt',
  NIET_OPGEPAKT_ONTERECHT: 'Niet opgepakt: onterecht signaal',
  NIET_OPGEPAKT_HERHAALD: 'Niet opgepakt: herhaalde melding',
  INWONER_OVERLEDEN: 'Inwoner is overleden',
  GEEN_INWONER: 'Persoon is geen inwoner (meer) in de gemeente',
  AFGESLOTEN: 'Afgesloten',
} as const;
export type PartnerStatus = keyof typeof PARTNER_STATUSES;
