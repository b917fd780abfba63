import type { Caller } from './caller.js';

/**
 * Where an app records a verified caller refused for their role, before the refusal goes back:
 * an app that keeps a processing log provides one (globally), so misuse detection sees a
 * caseworker or an integrator trying operations their role does not allow.
 */
export interface RefusalRecorder {
  forbiddenRole(caller: Caller, operation: string, headers: Readonly<Record<string, string>>): Promise<void>;
}

export const REFUSAL_RECORDER = Symbol('REFUSAL_RECORDER');
