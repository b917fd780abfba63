import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { enqueueEvent, type PleinEvent } from '@plein/events';
import {
  AgencyEntity,
  SubgraphEntity,
  SupergraphVersionEntity,
  type AgencyRow,
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

  async saveSubgraph(row: Omit<SubgraphRow, 'updatedAt'>): Promise<void> {
    await this.manager.getRepository(SubgraphEntity).save(row);
  }

  saveSupergraph(row: Omit<SupergraphVersionRow, 'id' | 'createdAt'>): Promise<SupergraphVersionRow> {
    return this.manager.getRepository(SupergraphVersionEntity).save(row);
  }

  /** Announced only if the publication commits (transactional outbox). */
  announce(topic: string, event: PleinEvent): Promise<void> {
    return enqueueEvent(this.manager, topic, event);
  }
}
