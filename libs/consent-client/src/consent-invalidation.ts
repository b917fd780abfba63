import { randomUUID } from 'node:crypto';
import { EventTypes, type EventTransport, type RunningConsumer } from '@plein/events';
import type { ConsentClient } from './consent-client.js';

/**
 * Clears cached decisions when a consent changes, so a revocation holds everywhere within a
 * second. Every instance listens with a group of its own (each must see every change) that
 * starts at the end: only changes from now on matter to a fresh cache.
 */
export async function listenForConsentChanges(transport: EventTransport, client: ConsentClient, app: string): Promise<RunningConsumer> {
  const topic = EventTypes.CONSENT_GRANTED.topic;
  const groupId = `consent-cache:${app}:${randomUUID()}`;
  await transport.ensureTopic(topic, 6);
  await transport.startAtEnd(groupId, [topic]);
  return transport.consume({
    groupId,
    topics: [topic],
    maxAttempts: 1,
    handle: async (record) => {
      const data = JSON.parse(record.value) as { granteeOrg?: unknown } | null;
      if (typeof data?.granteeOrg === 'string') client.invalidate(data.granteeOrg);
    },
  });
}
