import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { enqueueEvent, type PleinEvent } from '@plein/events';
import {
  AgencyEntity,
  FieldUsageEntity,
  SubgraphEntity,
  SubgraphRevisionEntity,
  SupergraphVersionEntity,
  type AgencyRow,
  type SubgraphRevisionRow,
  type SubgraphRow,
  type SupergraphVersionRow,
} from './registry.entities.js';

/** Serialises publications: each composes against the state the previous one left. */
const PUBLICATION_LOCK = 7_310_001;

@Injectable()
export class RegistryRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  agencies(): Promise<AgencyRow[]> {
    return this.dataSource.getRepository(AgencyEntity).find({ order: { key: 'ASC' } });
  }

  agency(key: string): Promise<AgencyRow | null> {
    return this.dataSource.getRepository(AgencyEntity).findOneBy({ key });
  }

  async upsertAgency(agency: Pick<AgencyRow, 'key' | 'name' | 'oin'>): Promise<AgencyRow> {
    await this.dataSource.getRepository(AgencyEntity).upsert(agency, ['key']);
    return (await this.agency(agency.key))!;
  }

  subgraphs(): Promise<SubgraphRow[]> {
    return this.dataSource.getRepository(SubgraphEntity).find({ order: { name: 'ASC' } });
  }

  latestSupergraph(): Promise<SupergraphVersionRow | null> {
    return this.dataSource.getRepository(SupergraphVersionEntity).findOne({ where: {}, order: { id: 'DESC' } });
  }

  async latestSupergraphId(): Promise<number | null> {
    const row = await this.dataSource
      .getRepository(SupergraphVersionEntity)
      .findOne({ select: { id: true }, where: {}, order: { id: 'DESC' } });
    return row?.id ?? null;
  }

  supergraphVersions(limit = 50): Promise<SupergraphVersionRow[]> {
    return this.dataSource.getRepository(SupergraphVersionEntity).find({ order: { id: 'DESC' }, take: limit });
  }

  supergraphVersion(id: number): Promise<SupergraphVersionRow | null> {
    return this.dataSource.getRepository(SupergraphVersionEntity).findOneBy({ id });
  }

  /** Adds the gateways' counts to today's. */
  async recordUsage(usage: ReadonlyArray<{ coordinate: string; count: number }>): Promise<void> {
    if (usage.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO registry.field_usage (coordinate, day, count)
       SELECT c, current_date, n FROM unnest($1::varchar[], $2::bigint[]) AS t(c, n)
       ON CONFLICT (coordinate, day) DO UPDATE SET count = registry.field_usage.count + EXCLUDED.count`,
      [usage.map((u) => u.coordinate), usage.map((u) => u.count)],
    );
  }

  /** The coordinates among these that clients used in the last `days` days. */
  async usedSince(coordinates: string[], days: number): Promise<Set<string>> {
    if (coordinates.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository(FieldUsageEntity)
      .createQueryBuilder('u')
      .select('DISTINCT u.coordinate', 'coordinate')
      .where('u.coordinate IN (:...coordinates)', { coordinates })
      .andWhere(`u.day > current_date - make_interval(days => :days)`, { days })
      .getRawMany<{ coordinate: string }>();
    return new Set(rows.map((r) => r.coordinate));
  }

  /**
   * Runs a publication under a transaction-scoped lock: `work` reads the live subgraphs,
   * decides, and writes through the given unit; nothing is written when it throws.
   */
  publish<T>(work: (unit: PublicationUnit) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PUBLICATION_LOCK]);
      return work(new PublicationUnit(manager));
    });
  }
}

export class PublicationUnit {
  constructor(private readonly manager: EntityManager) {}

  subgraphs(): Promise<SubgraphRow[]> {
    return this.manager.getRepository(SubgraphEntity).find({ order: { name: 'ASC' } });
  }

  /** The current revision, and the revision itself kept for good. */
  async saveSubgraph(row: Omit<SubgraphRow, 'updatedAt'>, publishedBy: string): Promise<void> {
    await this.manager.getRepository(SubgraphEntity).save(row);
    await this.manager.getRepository(SubgraphRevisionEntity).insert({
      name: row.name,
      revision: row.revision,
      agencyKey: row.agencyKey,
      routingUrl: row.routingUrl,
      sdl: row.sdl,
      publishedBy,
    });
  }

  /**
   * Each name's last revision kept, live or not: a subgraph a rollback removed keeps its numbering
   * (revisions are kept for good, one number each) and its owner when it is published again.
   */
  async lastRevisions(names: readonly string[]): Promise<Map<string, { revision: number; agencyKey: string }>> {
    if (names.length === 0) return new Map();
    const rows = await this.manager
      .getRepository(SubgraphRevisionEntity)
      .createQueryBuilder('r')
      .select('r.name', 'name')
      .addSelect('r.revision', 'revision')
      .addSelect('r.agencyKey', 'agencyKey')
      .distinctOn(['r.name'])
      .where('r.name IN (:...names)', { names })
      .orderBy('r.name')
      .addOrderBy('r.revision', 'DESC')
      .getRawMany<{ name: string; revision: number; agencyKey: string }>();
    return new Map(rows.map((r) => [r.name, { revision: Number(r.revision), agencyKey: r.agencyKey }]));
  }

  async removeSubgraph(name: string): Promise<void> {
    await this.manager.getRepository(SubgraphEntity).delete({ name });
  }

  revision(name: string, revision: number): Promise<SubgraphRevisionRow | null> {
    return this.manager.getRepository(SubgraphRevisionEntity).findOneBy({ name, revision });
  }

  supergraphVersion(id: number): Promise<SupergraphVersionRow | null> {
    return this.manager.getRepository(SupergraphVersionEntity).findOneBy({ id });
  }

  latestSupergraph(): Promise<SupergraphVersionRow | null> {
    return this.manager.getRepository(SupergraphVersionEntity).findOne({ where: {}, order: { id: 'DESC' } });
  }

  saveSupergraph(row: Omit<SupergraphVersionRow, 'id' | 'createdAt'>): Promise<SupergraphVersionRow> {
    return this.manager.getRepository(SupergraphVersionEntity).save(row);
  }

  /** Announced only if the publication commits (transactional outbox). */
  announce(topic: string, event: PleinEvent): Promise<void> {
    return enqueueEvent(this.manager, topic, event);
  }
}
