import { DomainError } from '@plein/domain';
import { SIGNAL_RESULTS, SIGNAL_STATUSES, type PartnerStatus, type SignalResult, type SignalStatus } from '@plein/events';

/**
 * What may follow what in the data model ddas-vroegsignalering: a signal arrives not yet picked
 * up; it is picked up (a vroegsignaalzaak starts) or not picked up for one of the model's
 * reasons; a picked-up signal is closed with an end result. Pure rules: no I/O.
 */
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

/** Where a caseworker may take a signal from here; empty once it is closed. */
export function nextStatuses(status: SignalStatus): readonly SignalStatus[] {
  return NEXT[status] ?? [];
}

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
 * What the partner that sent the signal may know of it: whether it was picked up and the reasons
 * the model feeds back; a reason "other" is only "not picked up", and the end result of a
 * picked-up signal is the municipality's and the resident's business.
 */
export function partnerStatus(status: SignalStatus): PartnerStatus {
  return status === 'NIET_OPGEPAKT_ANDERE_REDEN' ? 'NIET_OPGEPAKT' : status;
}
