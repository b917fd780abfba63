export { createEvent, validateEvent, InvalidEventError, EventErrorCode, type PleinEvent, type NewEvent } from './envelope.js';
export { pseudonymOf } from './pseudonym.js';
export type { EventTransport, OutgoingRecord, DeliveredRecord, ConsumerOptions, RunningConsumer } from './transport.js';
export { EmbeddedLog, partitionFor, type EmbeddedLogSettings } from './embedded-log/embedded-log.js';
export { eventLogDatabase } from './embedded-log/event-log.database.js';
export { enqueueEvent, toRecord, OutboxRelay, outboxDatabase, type RelaySettings } from './outbox/outbox.js';
export { OutboxEntity, type OutboxRow } from './outbox/outbox.entity.js';
export { EventTypes, TOPIC_PARTITIONS, topicsOf, type EventTypeDefinition } from './catalogue/event-types.js';
export { OutboxRelayModule, type OutboxRelaySettings } from './nest/outbox-relay.module.js';
