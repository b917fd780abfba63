import { EntitySchema } from 'typeorm';
import type { AppDatabase } from '@plein/persistence';
import { CreateEventLog1763890300000 } from './migrations/1763890300000-create-event-log.js';
import { DropLogDeadLetters1763990100000 } from './migrations/1763990100000-drop-log-dead-letters.js';
import { MembershipUnlogged1796300000002 } from './migrations/1796300000002-membership-unlogged.js';
import { MembershipBySessionLock1796500000000 } from './migrations/1796500000000-membership-by-session-lock.js';

// Entity shapes exist for the migration drift check only; the log itself speaks SQL.
const col = (type: string, extra: Record<string, unknown> = {}) => ({ type, ...extra }) as never;
const entities = [
  new EntitySchema({
    name: 'Topic',
    tableName: 'topic',
    columns: { name: col('varchar', { length: 200, primary: true, primaryKeyConstraintName: 'PK_topic' }), partitions: col('integer') },
    checks: [{ name: 'topic_partitions_chk', expression: '"partitions" BETWEEN 1 AND 256' }],
  }),
  new EntitySchema({
    name: 'PartitionHead',
    tableName: 'partition_head',
    columns: {
      topic: col('varchar', { length: 200, primary: true, primaryKeyConstraintName: 'PK_partition_head' }),
      partition: col('integer', { primary: true, primaryKeyConstraintName: 'PK_partition_head' }),
      next_offset: col('bigint', { default: 0 }),
    },
  }),
  new EntitySchema({
    name: 'LogRecord',
    tableName: 'record',
    columns: {
      topic: col('varchar', { length: 200, primary: true, primaryKeyConstraintName: 'PK_record' }),
      partition: col('integer', { primary: true, primaryKeyConstraintName: 'PK_record' }),
      offset: col('bigint', { primary: true, primaryKeyConstraintName: 'PK_record' }),
      key: col('text', { nullable: true }),
      headers: col('jsonb', { default: () => "'{}'" }),
      value: col('text'),
      created_at: col('timestamptz', { default: () => 'now()' }),
    },
  }),
  new EntitySchema({
    name: 'ConsumerOffset',
    tableName: 'consumer_offset',
    columns: {
      group_id: col('varchar', { length: 200, primary: true, primaryKeyConstraintName: 'PK_consumer_offset' }),
      topic: col('varchar', { length: 200, primary: true, primaryKeyConstraintName: 'PK_consumer_offset' }),
      partition: col('integer', { primary: true, primaryKeyConstraintName: 'PK_consumer_offset' }),
      next_offset: col('bigint'),
      updated_at: col('timestamptz', { default: () => 'now()' }),
    },
  }),
  new EntitySchema({
    name: 'GroupMember',
    tableName: 'group_member',
    columns: {
      group_id: col('varchar', { length: 200, primary: true, primaryKeyConstraintName: 'PK_group_member' }),
      member_id: col('varchar', { length: 100, primary: true, primaryKeyConstraintName: 'PK_group_member' }),
      lock_key: col('bigint'),
    },
  }),
];

/** The embedded durable log's own schema: the one-machine stand-in for Kafka's topics. */
export const eventLogDatabase: AppDatabase = {
  schema: 'eventlog',
  entities,
  migrations: [
    CreateEventLog1763890300000,
    DropLogDeadLetters1763990100000,
    MembershipUnlogged1796300000002,
    MembershipBySessionLock1796500000000,
  ],
};
