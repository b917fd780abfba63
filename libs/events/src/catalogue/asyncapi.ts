import { EventTypes, type EventTypeDefinition } from './event-types.js';

/**
 * The AsyncAPI 3 document of every event the plein publishes, generated from the catalogue
 * (docs/asyncapi.json is this, committed; a test fails when they differ).
 */
export function asyncApiDocument(types: readonly EventTypeDefinition[] = Object.values(EventTypes)) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const t of types) {
    const channelId = t.topic.replace(/\./g, '-');
    const messageId = t.type.replace(/\./g, '_');
    messages[messageId] = {
      name: t.type,
      title: t.type,
      summary: t.summary,
      contentType: 'application/json',
      headers: {
        type: 'object',
        description: 'CloudEvents Kafka binding, binary mode: context attributes as ce_ headers (NL GOV profile for CloudEvents).',
        required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time'],
        properties: {
          ce_specversion: { const: '1.0' },
          ce_id: { type: 'string', description: 'Event id; consumers de-duplicate on (source, id).' },
          ce_source: { type: 'string', pattern: '^urn:nld:oin:\\d{20}$' },
          ce_type: { const: t.type },
          ce_time: { type: 'string', format: 'date-time' },
          ce_subject: t.aboutResident
            ? { type: 'string', description: "The resident's pseudonym; never a BSN." }
            : { type: 'string', description: 'Not used for this type.' },
          ce_dataref: { type: 'string', format: 'uri' },
        },
      },
      payload: t.schema ?? { type: 'object' },
    };
    channels[channelId] = {
      address: t.topic,
      description: `Kafka topic ${t.topic}, keyed by subject for per-resident ordering.`,
      messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } },
    };
    operations[`publish_${messageId}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      messages: [{ $ref: `#/channels/${channelId}/messages/${messageId}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ontmoetingsplein events',
      version: '1.0.0',
      description: 'Events the plein publishes, as CloudEvents 1.0 following the NL GOV profile for CloudEvents.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
