import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '@plein/auth';
import { PURPOSES, previewOf, resolveScope, type Purpose, type SourcePreview } from '@plein/consent';
import { DomainError, isUuid, parseBsn } from '@plein/domain';
import { NotFoundError } from '@plein/subgraph-kit';
import type { ConsentConfig } from '../settings.js';
import { ConsentRequestEntity, type ConsentRequestRow } from './consent.entities.js';
import { CONSENT_CONFIG, ConsentService, checkScope } from './consent.service.js';
import type { Consent } from './consent.types.js';
import { PleinDirectory } from './plein-directory.js';

export interface RequestView extends ConsentRequestRow {
  purposeDescription: string;
  /** Exactly which agencies would share which categories if the resident approved. */
  preview: SourcePreview[];
}

const DAY = 86_400_000;

/**
 * Caseworkers ask, residents decide. A request fixes, when it is made, the organisation (by
 * name and OIN), purpose, validity and exactly which agencies would give which categories;
 * the resident sees that preview, and approving grants exactly that consent, nothing more —
 * an agency that joins the plein in between is not in it.
 */
@Injectable()
export class ConsentRequestsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
    @Inject(PleinDirectory) private readonly directory: PleinDirectory,
  ) {}

  private get rows() {
    return this.dataSource.getRepository(ConsentRequestEntity);
  }

  async request(
    caller: Caller,
    input: { subjectBsn: string; purpose: string; categories: string[]; sources: string[]; validUntil: Date; message?: string | null },
  ): Promise<RequestView> {
    const subjectBsn = parseBsn(input.subjectBsn);
    const checked = checkScope(input.purpose, input.categories, input.sources);
    if (Number.isNaN(input.validUntil.getTime()) || input.validUntil.getTime() <= Date.now())
      throw new DomainError('INVALID_CONSENT', 'validUntil must lie in the future.');
    if (input.validUntil.getTime() - Date.now() > this.config.MAX_CONSENT_DAYS * DAY)
      throw new DomainError('INVALID_CONSENT', `A consent is valid for at most ${this.config.MAX_CONSENT_DAYS} days.`);
    const message = input.message?.trim() || null;
    if (message && message.length > 500) throw new DomainError('INVALID_CONSENT', 'The message is longer than 500 characters.');
    const [requesterName, agencies] = await Promise.all([this.directory.organisationName(caller.org!), this.directory.agencies()]);
    const row: ConsentRequestRow = {
      id: randomUUID(),
      subjectBsn,
      requesterOrg: caller.org!,
      requesterName,
      requestedBy: caller.username,
      purpose: checked.purpose,
      categories: checked.categories,
      ...resolveScope(agencies, checked.categories, checked.sources),
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
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async mine(caller: Caller, authorization: string, subjectBsn?: string | null): Promise<RequestView[]> {
    const subject = await this.consents.subject(caller, authorization, subjectBsn);
    const rows = await this.rows.find({ where: { subjectBsn: subject.bsn }, order: { createdAt: 'DESC' } });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async approve(caller: Caller, authorization: string, id: string): Promise<Consent> {
    const row = await this.pending(caller, authorization, id);
    const consent = await this.consents.grant(
      caller,
      authorization,
      {
        subjectBsn: row.subjectBsn,
        granteeOrg: row.requesterOrg,
        purpose: row.purpose,
        categories: row.categories,
        sources: row.sources,
        validUntil: row.validUntil,
      },
      { id: row.id, granteeName: row.requesterName, scope: { sources: row.sources, coverage: row.coverage, sourceNames: row.sourceNames } },
    );
    await this.rows.update({ id: row.id, status: 'PENDING' }, { status: 'APPROVED', decidedAt: new Date() });
    return consent;
  }

  async decline(caller: Caller, authorization: string, id: string): Promise<RequestView> {
    const row = await this.pending(caller, authorization, id);
    row.status = 'DECLINED';
    row.decidedAt = new Date();
    await this.rows.update({ id: row.id, status: 'PENDING' }, { status: row.status, decidedAt: row.decidedAt });
    return this.view(row);
  }

  /** A pending request to the caller or to a minor child in their care; any other reads as not found. */
  private async pending(caller: Caller, authorization: string, id: string): Promise<ConsentRequestRow> {
    const found = isUuid(id) ? await this.rows.findOneBy({ id }) : null;
    if (!found || !(await this.consents.mayActFor(caller, authorization, found.subjectBsn))) throw new NotFoundError('consent request', id);
    if (found.status !== 'PENDING') throw new DomainError('INVALID_CONSENT', `This request was already ${found.status.toLowerCase()}.`);
    return this.resolved(found);
  }

  private async view(row: ConsentRequestRow): Promise<RequestView> {
    const resolved = await this.resolved(row);
    return { ...resolved, purposeDescription: PURPOSES[row.purpose as Purpose] ?? row.purpose, preview: previewOf(resolved) };
  }

  /**
   * A request made before requests fixed their reach is resolved once, when it is first shown
   * or decided, and kept that way: what the resident is shown is what approving grants.
   */
  private async resolved(row: ConsentRequestRow): Promise<ConsentRequestRow> {
    if (row.coverage.length > 0 || row.status !== 'PENDING') return row;
    const [requesterName, agencies] = await Promise.all([this.directory.organisationName(row.requesterOrg), this.directory.agencies()]);
    const scope = resolveScope(agencies, row.categories as Parameters<typeof resolveScope>[1], row.sources);
    await this.rows.update({ id: row.id, status: 'PENDING' }, { ...scope, requesterName });
    return { ...row, ...scope, requesterName };
  }
}
