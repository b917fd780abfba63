import { EventTypes, followFromNow, type EventTransport, type RunningConsumer } from '@plein/events';
import type { ConsentClient } from './consent-client.js';

/**
 * Clears cached decisions when a consent changes, so a revocation holds everywhere within a
 * second. Every instance listens for itself, from now on: only changes from now on matter to a
 * fresh cache.
 */
export function listenForConsentChanges(transport: EventTransport, client: ConsentClient, app: string): Promise<RunningConsumer> {
  return followFromNow(transport, {
    name: `consent-cache:${app}`,
    topic: EventTypes.CONSENT_GRANTED.topic,
    handle: async (record) => {
      const data = JSON.parse(record.value) as { granteeOrg?: unknown } | null;
      if (typeof data?.granteeOrg === 'string') client.invalidate(data.granteeOrg);
    },
  });
}
