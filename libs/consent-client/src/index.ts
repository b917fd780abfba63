export { ConsentClient, type ConsentClientSettings, type CachedDecision, type DecisionQuery } from './consent-client.js';
export { ConsentGate, purposeOf, PURPOSE_HEADER, ConsentErrorCode, type Permitted } from './consent-gate.js';
export { listenForConsentChanges } from './consent-invalidation.js';
export { ConsentEnforcementModule, type ConsentEnforcementSettings } from './consent-enforcement.module.js';
export { consentClientSettings } from './settings.js';
