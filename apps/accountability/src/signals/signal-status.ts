import { DomainError } from '@plein/domain';

/** What a security officer (or, asked, the employee) does with a signal. */
export const SIGNAL_ACTIONS = ['acknowledge', 'ask-employee', 'explain', 'close', 'escalate'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

const RESULT: Record<SignalAction, string> = {
  acknowledge: 'acknowledged',
  'ask-employee': 'explanation-asked',
  explain: 'explained',
  close: 'closed',
  escalate: 'escalated',
};

/** From which statuses each step may be taken: a closed signal stays closed; only an asked employee explains. */
const FROM: Record<SignalAction, readonly string[]> = {
  acknowledge: ['open'],
  'ask-employee': ['open', 'acknowledged', 'explained'],
  explain: ['explanation-asked'],
  close: ['open', 'acknowledged', 'explanation-asked', 'explained', 'escalated'],
  escalate: ['open', 'acknowledged', 'explanation-asked', 'explained'],
};

export function nextStatus(current: string, action: SignalAction): string {
  if (!FROM[action].includes(current))
    throw new DomainError('INVALID_TRANSITION', `A signal that is ${current} cannot be given "${action}".`);
  return RESULT[action];
}
