import { describe, expect, it } from '@jest/globals';
import { isOpen, nextState, partnerStatus, SignalTransitionError } from './signal-status.js';

const fresh = { status: 'NOG_NIET_OPGEPAKT', resultaat: null } as const;

describe('an early-warning signal’s status (ddas-vroegsignalering)', () => {
  it('is picked up and then closed with an end result', () => {
    const picked = nextState(fresh, 'OPGEPAKT', null);
    expect(isOpen(picked.status)).toBe(true);
    const closed = nextState(picked, 'AFGESLOTEN', 'BUDGETADVIES_OF_QUICK_FIX');
    expect(closed).toEqual({ status: 'AFGESLOTEN', resultaat: 'BUDGETADVIES_OF_QUICK_FIX' });
    expect(isOpen(closed.status)).toBe(false);
  });

  it('refuses closing without a result, a result without closing, and any change after the end', () => {
    const picked = nextState(fresh, 'OPGEPAKT', null);
    expect(() => nextState(picked, 'AFGESLOTEN', null)).toThrow(/needs its end result/);
    expect(() => nextState(fresh, 'NIET_OPGEPAKT_HERHAALD', 'GEEN_HULP_NODIG')).toThrow(/only when a signal is closed/);
    expect(() => nextState(fresh, 'AFGESLOTEN', 'GEEN_HULP_NODIG')).toThrow(SignalTransitionError);
    const declined = nextState(fresh, 'NIET_OPGEPAKT_ONTERECHT', null);
    expect(() => nextState(declined, 'OPGEPAKT', null)).toThrow(/is closed/);
  });

  it('refuses values outside the model', () => {
    expect(() => nextState(fresh, 'GEPARKEERD' as never, null)).toThrow(/Unknown status/);
    expect(() => nextState(nextState(fresh, 'OPGEPAKT', null), 'AFGESLOTEN', 'OPGELOST' as never)).toThrow(/Unknown end result/);
  });

  it('tells the partner that a signal was not picked up, but not the municipality’s other reason', () => {
    expect(partnerStatus('NIET_OPGEPAKT_ANDERE_REDEN')).toBe('NIET_OPGEPAKT');
    expect(partnerStatus('NIET_OPGEPAKT_HERHAALD')).toBe('NIET_OPGEPAKT_HERHAALD');
    expect(partnerStatus('AFGESLOTEN')).toBe('AFGESLOTEN');
  });
});
