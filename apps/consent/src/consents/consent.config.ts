/** The consent service's settings, as injected. */
export const CONSENT_CONFIG = Symbol('CONSENT_CONFIG');
