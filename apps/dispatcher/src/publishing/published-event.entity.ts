import { EntitySchema } from 'typeorm';

/**
 * An event an organisation published through the plein, with its data: the event on the log is
 * thin (its dataref points here), so the details are given only to a reader with a basis, and
 * logged. Keyed by the publisher's (source, id), so a publisher that retries publishes once.
 */
export interface PublishedEventRow {
  ref: string;
  sourceOin: string;
  eventId: string;
  type: string;
  agencyKey: string;
  category: string;
  /** The resident's pseudonym; null for an event about no resident. */
  subject: string | null;
  /** Conforms to the type's schema, which describes an object. */
  data: Record<string, unknown> | null;
  time: Date;
  publishedBy: string;
  receivedAt: Date;
}

export const PublishedEventEntity = new EntitySchema<PublishedEventRow>({
  name: 'PublishedEvent',
  tableName: 'published_event',
  indices: [
    { name: 'IDX_published_event_source_id', columns: ['sourceOin', 'eventId'], unique: true },
    // A resident's cases (MijnZaken) by pseudonym.
    { name: 'IDX_published_event_subject', columns: ['subject', 'category'] },
  ],
  columns: {
    ref: { type: 'uuid', primary: true },
    sourceOin: { name: 'source_oin', type: 'char', length: 20 },
    eventId: { name: 'event_id', type: 'varchar', length: 200 },
    type: { type: 'varchar', length: 200 },
    agencyKey: { name: 'agency_key', type: 'varchar', length: 63 },
    category: { type: 'varchar', length: 50 },
    subject: { type: 'varchar', length: 100, nullable: true },
    data: { type: 'jsonb', nullable: true },
    time: { type: 'timestamptz' },
    publishedBy: { name: 'published_by', type: 'varchar', length: 200 },
    receivedAt: { name: 'received_at', type: 'timestamptz', createDate: true },
  },
});
