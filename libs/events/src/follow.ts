import { randomUUID } from 'node:crypto';
import { TOPIC_PARTITIONS } from './catalogue/event-types.js';
import type { DeliveredRecord, EventTransport, RunningConsumer } from './transport.js';

/**
 * Follows a topic from now on, in a consumer group of this process alone: for signals every
 * instance must see (clear a cache, reload a schema), where the past does not matter and a
 * handler that fails is not retried (the next signal, or a poll, catches up).
 */
export async function followFromNow(
  transport: EventTransport,
  options: { name: string; topic: string; handle(record: DeliveredRecord): Promise<void> },
): Promise<RunningConsumer> {
  const groupId = `${options.name}:${randomUUID()}`;
  await transport.ensureTopic(options.topic, TOPIC_PARTITIONS);
  await transport.startAtEnd(groupId, [options.topic]);
  return transport.consume({ groupId, topics: [options.topic], maxAttempts: 1, handle: options.handle });
}
