import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '@plein/auth';
import { CATEGORIES, PURPOSES } from '@plein/consent';
import { DomainError, isUuid, parseBsn } from '@plein/domain';
import { NotFoundError } from '@plein/subgraph-kit';
import type { ConsentConfig } from '../settings.js';
import { ConsentRequestEntity, type ConsentRequestRow } from './consent.entities.js';
import { CONSENT_CONFIG, ConsentService, checkScope } from './consent.service.js';
import type { Consent } from './consent.types.js';

export interface SourcePreview {
  agencyKey: string;
  agencyName: string;
  categories: Array<{ code: string; description: string }>;
}

export interface RequestView extends ConsentRequestRow {
  purposeDescription: string;
  /** Exactly which agencies would share which categories if the resident approved now. */
  preview: SourcePreview[];
}

const DAY = 86_400_000;

/**
 * Caseworkers ask, residents decide. A request shows the resident, before anything is shared,
 * the organisation, purpose, validity and exactly which agencies would give which categories;
 * approving it grants exactly that consent, nothing more.
 */
@Injectable()
export class ConsentRequestsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
  ) {}

  private get rows() {
    return this.dataSource.getRepository(ConsentRequestEntity);
  }

  async request(
    caller: Caller,
    input: { subjectBsn: string; purpose: string; categories: string[]; sources: string[]; validUntil: Date; message?: string | null },
  ): Promise<RequestView> {
    const subjectBsn = parseBsn(input.subjectBsn);
    const scope = checkScope(input.purpose, input.categories, input.sources);
    if (Number.isNaN(input.validUntil.getTime()) || input.validUntil.getTime() <= Date.now())
      throw new DomainError('INVALID_CONSENT', 'validUntil must lie in the future.');
    if (input.validUntil.getTime() - Date.now() > this.config.MAX_CONSENT_DAYS * DAY)
      throw new DomainError('INVALID_CONSENT', `A consent is valid for at most ${this.config.MAX_CONSENT_DAYS} days.`);
    const message = input.message?.trim() || null;
    if (message && message.length > 500) throw new DomainError('INVALID_CONSENT', 'The message is longer than 500 characters.');
    const row: ConsentRequestRow = {
      id: randomUUID(),
      subjectBsn,
      requesterOrg: caller.org!,
      requestedBy: caller.username,
      ...scope,
      validUntil: input.validUntil,
      message,
      status: 'PENDING',
      createdAt: new Date(),
      decidedAt: null,
    };
    await this.rows.insert(row);
    return this.view(row);
  }

  /** The caseworker's organisation's requests (never another organisation's). */
  async ofOrganisation(caller: Caller): Promise<RequestView[]> {
    const rows = await this.rows.find({ where: { requesterOrg: caller.org! }, order: { createdAt: 'DESC' }, take: 200 });
    return this.views(rows);
  }

  async mine(caller: Caller): Promise<RequestView[]> {
    const rows = await this.rows.find({ where: { subjectBsn: caller.bsn! }, order: { createdAt: 'DESC' } });
    return this.views(rows);
  }

  async approve(caller: Caller, id: string): Promise<Consent> {
    const row = await this.pending(caller, id);
    const consent = await this.consents.grant(
      caller,
      { granteeOrg: row.requesterOrg, purpose: row.purpose, categories: row.categories, sources: row.sources, validUntil: row.validUntil },
      row.id,
    );
    await this.rows.update({ id: row.id, status: 'PENDING' }, { status: 'APPROVED', decidedAt: new Date() });
    return consent;
  }

  async decline(caller: Caller, id: string): Promise<RequestView> {
    const row = await this.pending(caller, id);
    row.status = 'DECLINED';
    row.decidedAt = new Date();
    await this.rows.update({ id: row.id, status: 'PENDING' }, { status: row.status, decidedAt: row.decidedAt });
    return this.view(row);
  }

  private async pending(caller: Caller, id: string): Promise<ConsentRequestRow> {
    const row = isUuid(id) ? await this.rows.findOneBy({ id, subjectBsn: caller.bsn! }) : null;
    if (!row) throw new NotFoundError('consent request', id);
    if (row.status !== 'PENDING') throw new DomainError('INVALID_CONSENT', `This request was already ${row.status.toLowerCase()}.`);
    return row;
  }

  private async view(row: ConsentRequestRow): Promise<RequestView> {
    return (await this.views([row]))[0]!;
  }

  /** The sources are asked of the registry once per answer, not once per request shown. */
  private async views(rows: ConsentRequestRow[]): Promise<RequestView[]> {
    if (rows.length === 0) return [];
    const agencies = await this.sourcesOnThePlein();
    return rows.map((row) => this.viewWith(row, agencies));
  }

  private viewWith(row: ConsentRequestRow, agencies: Array<{ key: string; name: string }>): RequestView {
    const inScope = row.sources.length === 0 ? agencies : agencies.filter((a) => row.sources.includes(a.key));
    return {
      ...row,
      purposeDescription: PURPOSES[row.purpose as keyof typeof PURPOSES] ?? row.purpose,
      preview: inScope.map((a) => ({
        agencyKey: a.key,
        agencyName: a.name,
        categories: row.categories.map((c) => ({ code: c, description: CATEGORIES[c as keyof typeof CATEGORIES] ?? c })),
      })),
    };
  }

  /** The income providers the registry knows now: the sources a consent for income reaches. */
  private async sourcesOnThePlein(): Promise<Array<{ key: string; name: string }>> {
    try {
      const res = await fetch(`${this.config.REGISTRY_URL}/providers?capability=income/v1`, { signal: AbortSignal.timeout(2_000) });
      const providers = (await res.json()) as Array<{ agency: { key: string; name: string } }>;
      const seen = new Map<string, string>();
      for (const p of providers) seen.set(p.agency.key, p.agency.name);
      return [...seen].map(([key, name]) => ({ key, name })).sort((a, b) => a.key.localeCompare(b.key));
    } catch {
      throw new DomainError(
        'PREVIEW_UNAVAILABLE',
        'The list of sources cannot be shown right now; nothing was decided. Try again shortly.',
      );
    }
  }
}
