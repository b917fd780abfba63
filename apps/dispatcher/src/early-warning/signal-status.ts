import { DomainError } from '@plein/domain';

/**
 * What the municipality did with an early-warning signal, in the statuses and end results of
 * the data model ddas-vroegsignalering (EnumSignaalstatus, EnumEindresultaat). A signal arrives
 * not yet picked up; it is picked up (a vroegsignaalzaak starts) or not picked up for one of the
 * model's reasons; a picked-up signal is closed with an end result. Pure rules: no I/O.
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

/** From each status, where a caseworker may take the signal next; a status not listed is final. */
const NEXT: Partial<Record<SignalStatus, readonly SignalStatus[]>> = {
  NOG_NIET_OPGEPAKT: [
    'OPGEPAKT',
    'NIET_OPGEPAKT_ONTERECHT',
    'NIET_OPGEPAKT_HERHAALD',
    'NIET_OPGEPAKT_ANDERE_REDEN',
    'INWONER_OVERLEDEN',
    'GEEN_INWONER',
  ],
  // Found out after picking it up: the model records these as the end result too.
  OPGEPAKT: ['AFGESLOTEN', 'INWONER_OVERLEDEN', 'GEEN_INWONER'],
};

export function isOpen(status: SignalStatus): boolean {
  return status === 'NOG_NIET_OPGEPAKT' || status === 'OPGEPAKT';
}

export interface SignalState {
  status: SignalStatus;
  resultaat: SignalResult | null;
}

export class SignalTransitionError extends DomainError<'INVALID_SIGNAL_STATUS'> {
  constructor(message: string) {
    super('INVALID_SIGNAL_STATUS', message);
  }
}

/** The signal's state after a caseworker records `to` (and for a closed signal its end result); refuses what the model does not allow. */
export function nextState(current: SignalState, to: SignalStatus, resultaat: SignalResult | null): SignalState {
  if (!(to in SIGNAL_STATUSES)) throw new SignalTransitionError(`Unknown status "${String(to).slice(0, 40)}".`);
  if (resultaat !== null && !(resultaat in SIGNAL_RESULTS))
    throw new SignalTransitionError(`Unknown end result "${String(resultaat).slice(0, 40)}".`);
  const allowed = NEXT[current.status] ?? [];
  if (!allowed.includes(to))
    throw new SignalTransitionError(
      allowed.length === 0
        ? `The signal is closed (${SIGNAL_STATUSES[current.status]}); its status no longer changes.`
        : `From "${SIGNAL_STATUSES[current.status]}" a signal goes to ${allowed.join(', ')}, not ${to}.`,
    );
  if (to === 'AFGESLOTEN' && resultaat === null) throw new SignalTransitionError('Closing a signal needs its end result (resultaat).');
  if (to !== 'AFGESLOTEN' && resultaat !== null) throw new SignalTransitionError('An end result is recorded only when a signal is closed.');
  return { status: to, resultaat };
}

/**
 * What the partner that sent the signal may know of it: whether it was picked up and the
 * reasons the model feeds back; a reason "other" is only "not picked up", and the end result of
 * a picked-up signal is the municipality's and the resident's business.
 */
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

export function partnerStatus(status: SignalStatus): PartnerStatus {
  return status === 'NIET_OPGEPAKT_ANDERE_REDEN' ? 'NIET_OPGEPAKT' : status;
}
