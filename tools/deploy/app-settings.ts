import type { SettingsShape } from '@plein/config';
import { DEMO_AGENCIES } from '@plein/demo-population';
import { agencySettings } from '@plein/subgraph-kit';
import { accountabilitySettings } from '../../apps/accountability/src/settings.js';
import { catalogueSettings } from '../../apps/catalogue/src/settings.js';
import { consentSettings } from '../../apps/consent/src/settings.js';
import { dispatcherSettings } from '../../apps/dispatcher/src/settings.js';
import { gatewaySettings } from '../../apps/gateway/src/settings.js';
import { householdSettings } from '../../apps/household/src/settings.js';
import { registrySettings } from '../../apps/registry/src/settings.js';
import { webSettings } from '../../apps/web/src/settings.js';

/** Each deployable's settings, by app name: what a deployment must provide for it to start. */
export const APP_SETTINGS: ReadonlyMap<string, SettingsShape> = new Map<string, SettingsShape>([
  ['gateway', gatewaySettings],
  ['household', householdSettings],
  ['registry', registrySettings],
  ['consent', consentSettings],
  ['catalogue', catalogueSettings],
  ['dispatcher', dispatcherSettings],
  ['web', webSettings],
  ['accountability', accountabilitySettings],
  ...DEMO_AGENCIES.map((a): [string, SettingsShape] => [a.key, agencySettings]),
]);

/** The settings an app refuses to start without (no default, not optional). */
export function requiredSettings(settings: SettingsShape): string[] {
  return Object.entries(settings)
    .filter(([, s]) => !s.schema.safeParse(undefined).success)
    .map(([name]) => name);
}
