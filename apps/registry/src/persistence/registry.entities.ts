import { EntitySchema } from 'typeorm';

export interface AgencyRow {
  key: string;
  name: string;
  oin: string;
  createdAt: Date;
}

export interface SubgraphRow {
  name: string;
  agencyKey: string;
  routingUrl: string;
  sdl: string;
  capabilities: string[];
  revision: number;
  updatedAt: Date;
  /** Only for the foreign key; never loaded. */
  agency?: AgencyRow;
}

export interface SupergraphVersionRow {
  id: number;
  sdl: string;
  /** Subgraph name → its revision at composition time. */
  composedFrom: Record<string, number>;
  reason: string;
  /** Who published it (username or client), and what it changed in the public API. */
  publishedBy: string | null;
  changes: Array<{ type: string; message: string; path: string | null; criticality: string }>;
  createdAt: Date;
}

/** Every revision of every subgraph as it was published, so any supergraph version can be restored. */
export interface SubgraphRevisionRow {
  name: string;
  revision: number;
  agencyKey: string;
  routingUrl: string;
  sdl: string;
  publishedBy: string;
  createdAt: Date;
}

/** How often clients used a schema coordinate (Type.field) per day, as the gateways report it. */
export interface FieldUsageRow {
  coordinate: string;
  day: string;
  count: number;
}

export const AgencyEntity = new EntitySchema<AgencyRow>({
  name: 'Agency',
  tableName: 'agency',
  columns: {
    key: { type: 'varchar', length: 63, primary: true },
    name: { type: 'varchar', length: 200 },
    oin: { type: 'char', length: 20, unique: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const SubgraphEntity = new EntitySchema<SubgraphRow>({
  name: 'Subgraph',
  tableName: 'subgraph',
  columns: {
    name: { type: 'varchar', length: 63, primary: true },
    agencyKey: { name: 'agency_key', type: 'varchar', length: 63 },
    routingUrl: { name: 'routing_url', type: 'varchar', length: 2048 },
    sdl: { type: 'text' },
    capabilities: { type: 'text', array: true, default: () => "'{}'" },
    revision: { type: 'integer' },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
  relations: {
    agency: { type: 'many-to-one', target: 'Agency', joinColumn: { name: 'agency_key' }, onDelete: 'RESTRICT' },
  },
});

export const SupergraphVersionEntity = new EntitySchema<SupergraphVersionRow>({
  name: 'SupergraphVersion',
  tableName: 'supergraph_version',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    sdl: { type: 'text' },
    composedFrom: { name: 'composed_from', type: 'jsonb' },
    reason: { type: 'text' },
    publishedBy: { name: 'published_by', type: 'text', nullable: true },
    changes: { type: 'jsonb', default: () => "'[]'" },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const SubgraphRevisionEntity = new EntitySchema<SubgraphRevisionRow>({
  name: 'SubgraphRevision',
  tableName: 'subgraph_revision',
  columns: {
    name: { type: 'varchar', length: 63, primary: true },
    revision: { type: 'integer', primary: true },
    agencyKey: { name: 'agency_key', type: 'varchar', length: 63 },
    routingUrl: { name: 'routing_url', type: 'varchar', length: 2048 },
    sdl: { type: 'text' },
    publishedBy: { name: 'published_by', type: 'varchar', length: 200 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const FieldUsageEntity = new EntitySchema<FieldUsageRow>({
  name: 'FieldUsage',
  tableName: 'field_usage',
  columns: {
    coordinate: { type: 'varchar', length: 300, primary: true },
    day: { type: 'date', primary: true },
    count: { type: 'bigint' },
  },
});

/** An event type an organisation registered to publish through the plein (libs/events AgencyEventType). */
export interface EventTypeRow {
  type: string;
  agencyKey: string;
  summary: string;
  category: string;
  aboutResident: boolean;
  schema: Record<string, unknown>;
  topic: string;
  /** 1 at registration, +1 for every compatible change. */
  revision: number;
  registeredBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Only for the foreign key; never loaded. */
  agency?: AgencyRow;
}

export const EventTypeEntity = new EntitySchema<EventTypeRow>({
  name: 'EventType',
  tableName: 'event_type',
  columns: {
    type: { type: 'varchar', length: 200, primary: true },
    agencyKey: { name: 'agency_key', type: 'varchar', length: 63 },
    summary: { type: 'varchar', length: 1000 },
    category: { type: 'varchar', length: 50 },
    aboutResident: { name: 'about_resident', type: 'boolean' },
    schema: { type: 'jsonb' },
    topic: { type: 'varchar', length: 200 },
    revision: { type: 'integer' },
    registeredBy: { name: 'registered_by', type: 'varchar', length: 200 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
  indices: [{ name: 'IDX_event_type_agency', columns: ['agencyKey'] }],
  relations: {
    agency: { type: 'many-to-one', target: 'Agency', joinColumn: { name: 'agency_key' }, onDelete: 'RESTRICT' },
  },
});
