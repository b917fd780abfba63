import { EntitySchema } from 'typeorm';
import { outboxDatabase } from '@plein/events';
import type { AppDatabase } from '@plein/persistence';
import { CreateCatalogue1795440697489 } from '../migrations/1795440697489-create-catalogue.js';
import { LifeSituations1795440700000 } from '../migrations/1795440700000-life-situations.js';

export interface LifeSituationRow {
  key: string;
  name: string;
  description: string;
  /** The steps of the situation, in order (e.g. preventie → nazorg). */
  milestones: string[];
  /** Words residents use for it, searched with the name and description. */
  keywords: string[];
}

export type ServiceFormula = 'klant' | 'partner' | 'onderdaan' | 'gebruiker';

export interface ServiceRow {
  id: string;
  agencyKey: string;
  name: string;
  description: string;
  lifeSituation: string;
  milestone: string;
  channels: string[];
  /** Dienstverleningsformule: the resident as customer, partner, subject or user. */
  formula: ServiceFormula;
  url: string;
  keywords: string[];
  status: 'PUBLISHED' | 'WITHDRAWN';
  publishedBy: string;
  updatedAt: Date;
}

/** A phrase residents use, and the words it stands for in the catalogue. */
export interface SynonymRow {
  phrase: string;
  expandsTo: string;
}

/** One search, without personal data: the phrase with digits masked, and how much it found. */
export interface SearchLogRow {
  id: number;
  at: Date;
  phrase: string;
  results: number;
}

export const LifeSituationEntity = new EntitySchema<LifeSituationRow>({
  name: 'LifeSituation',
  tableName: 'life_situation',
  columns: {
    key: { type: 'varchar', length: 63, primary: true },
    name: { type: 'varchar', length: 200 },
    description: { type: 'text' },
    milestones: { type: 'text', array: true },
    keywords: { type: 'text', array: true },
  },
});

export const ServiceEntity = new EntitySchema<ServiceRow>({
  name: 'Service',
  tableName: 'service',
  indices: [{ name: 'IDX_service_situation', columns: ['lifeSituation', 'status'] }],
  columns: {
    id: { type: 'uuid', primary: true },
    agencyKey: { name: 'agency_key', type: 'varchar', length: 63 },
    name: { type: 'varchar', length: 200 },
    description: { type: 'text' },
    lifeSituation: { name: 'life_situation', type: 'varchar', length: 63 },
    milestone: { type: 'varchar', length: 63 },
    channels: { type: 'text', array: true },
    formula: { type: 'varchar', length: 20 },
    url: { type: 'varchar', length: 2048 },
    keywords: { type: 'text', array: true },
    status: { type: 'varchar', length: 10 },
    publishedBy: { name: 'published_by', type: 'varchar', length: 200 },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});

export const SynonymEntity = new EntitySchema<SynonymRow>({
  name: 'Synonym',
  tableName: 'synonym',
  columns: {
    phrase: { type: 'varchar', length: 200, primary: true },
    expandsTo: { name: 'expands_to', type: 'varchar', length: 500 },
  },
});

export const SearchLogEntity = new EntitySchema<SearchLogRow>({
  name: 'SearchLog',
  tableName: 'search_log',
  indices: [{ name: 'IDX_search_log_at', columns: ['at'] }],
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    at: { type: 'timestamptz', createDate: true },
    phrase: { type: 'varchar', length: 200 },
    results: { type: 'integer' },
  },
});

export const catalogueDatabase: AppDatabase = {
  schema: 'catalogue',
  entities: [LifeSituationEntity, ServiceEntity, SynonymEntity, SearchLogEntity, ...outboxDatabase.entities],
  migrations: [...outboxDatabase.migrations, CreateCatalogue1795440697489, LifeSituations1795440700000],
};
