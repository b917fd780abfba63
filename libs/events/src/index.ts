export {
  createEvent,
  validateEvent,
  InvalidEventError,
  EventErrorCode,
  MAX_EVENT_BYTES,
  type PleinEvent,
  type NewEvent,
} from './envelope.js';
export { pseudonymOf } from './pseudonym.js';
export type { EventTransport, OutgoingRecord, DeliveredRecord, ConsumerOptions, RunningConsumer, DeadLetter } from './transport.js';
export { KafkaTransport, type KafkaSettings } from './kafka/kafka-transport.js';
export { DeadLetterStore, deadLetterDatabase } from './dead-letters/dead-letters.js';
export { EmbeddedLog, partitionFor, type EmbeddedLogSettings } from './embedded-log/embedded-log.js';
export { eventLogDatabase } from './embedded-log/event-log.database.js';
export { enqueueEvent, enqueueEvents, toRecord, OutboxRelay, outboxDatabase, type RelaySettings } from './outbox/outbox.js';
export { OutboxEntity, type OutboxRow } from './outbox/outbox.entity.js';
export { EventTypes, TOPIC_PARTITIONS, topicsOf, type EventTypeDefinition } from './catalogue/event-types.js';
export { OutboxRelayModule, type OutboxRelaySettings } from './nest/outbox-relay.module.js';
export { asyncApiDocument } from './catalogue/asyncapi.js';
export { validateWebhookUrl, forbiddenAddress, InvalidWebhookUrlError, type WebhookUrlPolicy } from './webhooks/webhook-url.js';
export { signDelivery, verifyDelivery, newWebhookSecret, type SignedDelivery } from './webhooks/signing.js';
export { followFromNow } from './follow.js';
export { PgListener } from './pg-listener.js';
export { eventSettings, openTransport, checkEventConfig, type EventConfig } from './transport-settings.js';
export {
  AGENCY_EVENTS_TOPIC,
  CASE_CATEGORY,
  ARREARS_CATEGORY,
  arrearsSignalSchema,
  CASE_STATUS_FIELDS,
  caseStatusSchema,
  AgencyEventErrorCode,
  BreakingEventTypeError,
  InvalidEventTypeError,
  breakingSchemaChanges,
  checkEventTypeChange,
  dataProblems,
  validateEventTypeSubmission,
  type AgencyEventType,
  type JsonSchema,
} from './catalogue/agency-event-types.js';
export {
  SIGNAL_STATUSES,
  SIGNAL_RESULTS,
  PARTNER_STATUSES,
  type SignalStatus,
  type SignalResult,
  type PartnerStatus,
} from './catalogue/early-warning-vocabulary.js';
