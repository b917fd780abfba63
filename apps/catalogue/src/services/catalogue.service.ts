import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ForbiddenError, TokenExchanger, type Caller } from '@plein/auth';
import { DomainError, isUuid } from '@plein/domain';
import { createEvent, enqueueEvent, EventTypes } from '@plein/events';
import { NotFoundError } from '@plein/subgraph-kit';
import {
  LifeSituationEntity,
  SearchLogEntity,
  ServiceEntity,
  SynonymEntity,
  type LifeSituationRow,
  type ServiceFormula,
  type ServiceRow,
  type SynonymRow,
} from './catalogue.entities.js';
import { expandSynonyms, loggablePhrase } from './search.js';
import type { PublishServiceInput } from './catalogue.types.js';

export const CATALOGUE_CONFIG = Symbol('CATALOGUE_CONFIG');
export interface CatalogueConfig {
  registryUrl: string;
  pleinOin: string;
}

const CHANNELS = ['online', 'telefoon', 'balie', 'post', 'chat'];
const FORMULAS: ServiceFormula[] = ['klant', 'partner', 'onderdaan', 'gebruiker'];
const invalid = (message: string) => new DomainError('INVALID_SERVICE', message);

/**
 * The catalogue of life situations and the services agencies publish for them, searched in
 * residents' own words: Postgres's Dutch stemming, a list of the phrases residents use, and
 * ranking. Every search is logged without personal data, so agencies learn what people look
 * for and do not find.
 */
@Injectable()
export class CatalogueService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CATALOGUE_CONFIG) private readonly config: CatalogueConfig,
    @Inject(TokenExchanger) private readonly exchanger: TokenExchanger,
  ) {}

  lifeSituations(): Promise<LifeSituationRow[]> {
    return this.dataSource.getRepository(LifeSituationEntity).find({ order: { name: 'ASC' } });
  }

  servicesFor(situation: string): Promise<ServiceRow[]> {
    return this.dataSource
      .getRepository(ServiceEntity)
      .find({ where: { lifeSituation: situation, status: 'PUBLISHED' }, order: { name: 'ASC' } });
  }

  async search(input: string) {
    const text = input.trim();
    if (!text) throw new DomainError('INVALID_SEARCH', 'Type what you are looking for.');
    if (text.length > 300) throw new DomainError('INVALID_SEARCH', 'Keep it under 300 characters.');
    const expanded = expandSynonyms(text, await this.synonyms());
    const situations = await this.ranked<{ key: string }>('life_situation', 'key', 'true', 10, expanded);
    const services = await this.ranked<{ id: string }>('service', 'id', "s.status = 'PUBLISHED'", 20, expanded);
    await this.dataSource
      .getRepository(SearchLogEntity)
      .insert({ phrase: loggablePhrase(text), results: situations.length + services.length });
    const situationRows = await this.dataSource.getRepository(LifeSituationEntity).findBy({ key: In(situations.map((s) => s.key)) });
    const serviceRows = await this.dataSource.getRepository(ServiceEntity).findBy({ id: In(services.map((s) => s.id)) });
    return {
      lifeSituations: situations.map((s) => ({ situation: situationRows.find((r) => r.key === s.key)!, rank: Number(s.rank) })),
      services: services.map((s) => ({ service: serviceRows.find((r) => r.id === s.id)!, rank: Number(s.rank) })),
    };
  }

  /**
   * Rows of a catalogue table matching the words, best first. Any stemmed word may match
   * (residents write sentences, not keywords); ranking puts the best-covered first, with name
   * over keywords over description. Stop words ("ik", "de", "niet") fall away in the Dutch
   * configuration.
   */
  private async ranked<K>(table: 'life_situation' | 'service', id: string, where: string, limit: number, words: string) {
    return (await this.dataSource.query(
      `SELECT s.${id}, ts_rank_cd(v, q) AS rank FROM catalogue.${table} s,
         LATERAL (SELECT (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE to_tsquery('simple', string_agg(quote_literal(l), ' | ')) END
                          FROM unnest(tsvector_to_array(to_tsvector('dutch', $1))) AS l) AS q) AS qq,
         LATERAL (SELECT setweight(to_tsvector('dutch', s.name), 'A') || setweight(to_tsvector('dutch', array_to_string(s.keywords, ' ')), 'B') || setweight(to_tsvector('dutch', s.description), 'C') AS v) AS vv
       WHERE ${where} AND q IS NOT NULL AND v @@ q ORDER BY rank DESC, s.name LIMIT ${limit}`,
      [words],
    )) as Array<K & { rank: number }>;
  }

  /** Residents' phrases are reference data that change only with a migration: read once. */
  private synonymsOnce: Promise<SynonymRow[]> | undefined;
  private synonyms(): Promise<SynonymRow[]> {
    this.synonymsOnce ??= this.dataSource
      .getRepository(SynonymEntity)
      .find()
      .catch((e: unknown) => {
        this.synonymsOnce = undefined; // a failed read is tried again by the next search
        throw e;
      });
    return this.synonymsOnce;
  }

  /** The phrases of one ISO week (the week holding `day`) that found nothing, most searched first. */
  async zeroResults(day: Date): Promise<Array<{ phrase: string; searches: number }>> {
    if (Number.isNaN(day.getTime())) throw new DomainError('INVALID_SEARCH', 'weekOf must be a date.');
    return (await this.dataSource.query(
      `SELECT phrase, count(*)::int AS searches FROM catalogue.search_log
       WHERE results = 0 AND at >= date_trunc('week', $1::timestamptz) AND at < date_trunc('week', $1::timestamptz) + interval '1 week'
       GROUP BY phrase ORDER BY searches DESC, phrase LIMIT 200`,
      [day],
    )) as Array<{ phrase: string; searches: number }>;
  }

  async publish(caller: Caller, input: PublishServiceInput, authorization: string): Promise<ServiceRow> {
    await this.requireOwnAgency(caller, input.agencyKey, authorization);
    const situation = await this.dataSource.getRepository(LifeSituationEntity).findOneBy({ key: input.lifeSituation });
    if (!situation) throw invalid(`Unknown life situation "${input.lifeSituation.slice(0, 60)}".`);
    if (!situation.milestones.includes(input.milestone))
      throw invalid(`"${input.milestone.slice(0, 60)}" is not a milestone of ${situation.name}: ${situation.milestones.join(', ')}.`);
    const name = input.name.trim();
    const description = input.description.trim();
    if (!name || name.length > 200) throw invalid('A name of 1 to 200 characters.');
    if (!description || description.length > 2000) throw invalid('A description of 1 to 2000 characters.');
    if (input.channels.length === 0 || input.channels.some((c) => !CHANNELS.includes(c)))
      throw invalid(`Channels: one or more of ${CHANNELS.join(', ')}.`);
    if (!FORMULAS.includes(input.formula as ServiceFormula)) throw invalid(`Formula: one of ${FORMULAS.join(', ')}.`);
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw invalid('The URL is not a URL.');
    }
    if (url.protocol !== 'https:') throw invalid('The URL must be https.');
    if (input.keywords.length > 30 || input.keywords.some((k) => k.length > 60)) throw invalid('At most 30 keywords of 60 characters.');
    const row: ServiceRow = {
      id: randomUUID(),
      agencyKey: input.agencyKey,
      name,
      description,
      lifeSituation: situation.key,
      milestone: input.milestone,
      channels: [...new Set(input.channels)],
      formula: input.formula as ServiceFormula,
      url: url.toString(),
      keywords: [...new Set(input.keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))],
      status: 'PUBLISHED',
      publishedBy: caller.username,
      updatedAt: new Date(),
    };
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(ServiceEntity).insert(row);
      const type = EventTypes.SERVICE_PUBLISHED;
      const data = {
        id: row.id,
        agencyKey: row.agencyKey,
        name: row.name,
        description: row.description,
        lifeSituation: row.lifeSituation,
        milestone: row.milestone,
        channels: row.channels,
        formula: row.formula,
        url: row.url,
        keywords: row.keywords,
      };
      await enqueueEvent(m, type.topic, createEvent({ type: type.type, sourceOin: this.config.pleinOin, data }));
    });
    return row;
  }

  async withdraw(caller: Caller, id: string, authorization: string): Promise<ServiceRow> {
    const row = isUuid(id) ? await this.dataSource.getRepository(ServiceEntity).findOneBy({ id }) : null;
    if (!row) throw new NotFoundError('service', id);
    await this.requireOwnAgency(caller, row.agencyKey, authorization);
    if (row.status === 'WITHDRAWN') return row;
    row.status = 'WITHDRAWN';
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(ServiceEntity).update({ id }, { status: 'WITHDRAWN' });
      const type = EventTypes.SERVICE_WITHDRAWN;
      await enqueueEvent(
        m,
        type.topic,
        createEvent({ type: type.type, sourceOin: this.config.pleinOin, data: { id, agencyKey: row.agencyKey, name: row.name } }),
      );
    });
    return row;
  }

  /** The registry knows which OIN each agency has; a publisher acts only for its own. */
  private async requireOwnAgency(caller: Caller, agencyKey: string, authorization: string): Promise<void> {
    let agencies: Array<{ key: string; oin: string }>;
    try {
      // The registry accepts only tokens addressed to it: the caller's, exchanged.
      const credential = await this.exchanger.authorizationFor(authorization, 'registry');
      const res = await fetch(`${this.config.registryUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: credential },
        body: JSON.stringify({ query: '{ agencies { key oin } }' }),
        signal: AbortSignal.timeout(3_000),
      });
      agencies = ((await res.json()) as { data?: { agencies: Array<{ key: string; oin: string }> } }).data?.agencies ?? [];
    } catch {
      throw new DomainError('REGISTRY_UNAVAILABLE', 'The registry of agencies cannot be reached; nothing was published.');
    }
    const agency = agencies.find((a) => a.key === agencyKey);
    if (!agency) throw invalid(`No agency "${agencyKey.slice(0, 60)}" is registered on the plein.`);
    if (agency.oin !== caller.org) throw new ForbiddenError('Publishers act only for their own agency.');
  }
}
