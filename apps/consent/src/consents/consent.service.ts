import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Caller } from '@plein/auth';
import { decide, isCategory, isPurpose, CATEGORIES, PURPOSES, type Category, type Purpose } from '@plein/consent';
import { DomainError, isUuid, isValidOin, parseBsn } from '@plein/domain';
import { createEvent, enqueueEvent, EventTypes, pseudonymOf } from '@plein/events';
import { NotFoundError } from '@plein/subgraph-kit';
import type { ConsentConfig } from '../settings.js';
import { ConsentEntity, ConsentHistoryEntity, StatutoryBasisEntity, type ConsentRow, type StatutoryBasisRow } from './consent.entities.js';
import { ConsentStatus, type Consent, type ConsentDecision, type GrantConsentInput, type StatutoryBasisInput } from './consent.types.js';

export const CONSENT_CONFIG = Symbol('CONSENT_CONFIG');
const MAX_BATCH = 50;
const DAY = 86_400_000;

function invalid(message: string): DomainError {
  return new DomainError('INVALID_CONSENT', message);
}

export function checkScope(
  purpose: string,
  categories: string[],
  sources: string[],
): { purpose: Purpose; categories: Category[]; sources: string[] } {
  if (!isPurpose(purpose)) throw invalid(`Unknown purpose "${purpose.slice(0, 60)}"; purposes: ${Object.keys(PURPOSES).join(', ')}.`);
  if (categories.length === 0) throw invalid('Name at least one data category.');
  for (const c of categories)
    if (!isCategory(c)) throw invalid(`Unknown category "${c.slice(0, 60)}"; categories: ${Object.keys(CATEGORIES).join(', ')}.`);
  if (sources.length > MAX_BATCH) throw invalid(`At most ${MAX_BATCH} sources.`);
  for (const s of sources) if (!/^[a-z][a-z0-9-]{1,62}$/.test(s)) throw invalid(`"${s.slice(0, 60)}" is not an agency key.`);
  return { purpose, categories: [...new Set(categories)] as Category[], sources: [...new Set(sources)] };
}

/**
 * The consent registry: residents grant and revoke their own consents, administrators keep the
 * statutory bases, and organisations ask for decisions about their own access only. Every
 * grant and revocation is announced through the outbox in the same transaction.
 */
@Injectable()
export class ConsentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
  ) {}

  async mine(caller: Caller): Promise<Consent[]> {
    const rows = await this.dataSource
      .getRepository(ConsentEntity)
      .find({ where: { subjectBsn: caller.bsn! }, order: { grantedAt: 'ASC' } });
    return this.withHistory(rows);
  }

  async grant(caller: Caller, input: GrantConsentInput, requestId: string | null = null): Promise<Consent> {
    if (!isValidOin(input.granteeOrg)) throw invalid('granteeOrg is not a valid OIN (20 digits).');
    const scope = checkScope(input.purpose, input.categories, input.sources);
    const now = new Date();
    const validFrom = input.validFrom ?? now;
    if (Number.isNaN(validFrom.getTime()) || Number.isNaN(input.validUntil.getTime())) throw invalid('Validity dates must be valid times.');
    if (input.validUntil.getTime() <= Math.max(validFrom.getTime(), now.getTime()))
      throw invalid('validUntil must lie after validFrom and in the future.');
    if (input.validUntil.getTime() - validFrom.getTime() > this.config.MAX_CONSENT_DAYS * DAY)
      throw invalid(`A consent is valid for at most ${this.config.MAX_CONSENT_DAYS} days.`);
    const row: ConsentRow = {
      id: randomUUID(),
      subjectBsn: caller.bsn!,
      granteeOrg: input.granteeOrg,
      ...scope,
      validFrom,
      validUntil: input.validUntil,
      revokedAt: null,
      expiredAt: null,
      grantedAt: now,
      requestId,
    };
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(ConsentEntity).insert(row);
      await this.record(m, row, 'granted', caller.username);
    });
    return (await this.withHistory([row]))[0]!;
  }

  async revoke(caller: Caller, id: string): Promise<Consent> {
    const row = await this.dataSource.transaction(async (m) => {
      const found = isUuid(id)
        ? await m.getRepository(ConsentEntity).findOne({ where: { id, subjectBsn: caller.bsn! }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!found) throw new NotFoundError('consent', id);
      if (found.revokedAt) return found;
      found.revokedAt = new Date();
      await m.getRepository(ConsentEntity).update({ id }, { revokedAt: found.revokedAt });
      await this.record(m, found, 'revoked', caller.username);
      return found;
    });
    return (await this.withHistory([row]))[0]!;
  }

  /**
   * Announces consents that reached their end (consent.expired), once each, so caches and
   * integrators learn of it as they do of a revocation. Several instances may run this: a row
   * is claimed with SKIP LOCKED.
   */
  async announceExpired(limit = 100): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due = await m
        .getRepository(ConsentEntity)
        .createQueryBuilder('c')
        .where('c.valid_until <= now() AND c.revoked_at IS NULL AND c.expired_at IS NULL')
        .orderBy('c.valid_until')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const row of due) {
        row.expiredAt = new Date();
        await m.getRepository(ConsentEntity).update({ id: row.id }, { expiredAt: row.expiredAt });
        await this.record(m, row, 'expired', 'consent service');
      }
      return due.length;
    });
  }

  /**
   * The resident's receipt for one of their consents, with the fields of the Kantara Initiative
   * Consent Receipt Specification v1.1, as a JSON document.
   */
  async receipt(caller: Caller, id: string): Promise<string> {
    const row = isUuid(id) ? await this.dataSource.getRepository(ConsentEntity).findOneBy({ id, subjectBsn: caller.bsn! }) : null;
    if (!row) throw new NotFoundError('consent', id);
    const [view] = await this.withHistory([row]);
    return JSON.stringify(
      {
        version: 'KI-CR-v1.1.0',
        jurisdiction: 'NL',
        consentTimestamp: Math.floor(row.grantedAt.getTime() / 1000),
        collectionMethod: row.requestId ? 'approved a request in the Ontmoetingsplein' : 'granted in the Ontmoetingsplein',
        consentReceiptID: row.id,
        language: 'nl',
        piiPrincipalId: row.subjectBsn,
        piiControllers: [{ piiController: `urn:nld:oin:${row.granteeOrg}`, contact: 'see the organisation', onBehalf: false }],
        policyUrl: 'https://ontmoetingsplein.nl/privacy',
        services: [
          {
            service: 'Ontmoetingsplein: sharing data between government agencies',
            purposes: [
              {
                purpose: PURPOSES[row.purpose as keyof typeof PURPOSES] ?? row.purpose,
                purposeCategory: [row.purpose],
                consentType: 'EXPLICIT',
                piiCategory: row.categories,
                primaryPurpose: true,
                termination: `until ${row.validUntil.toISOString()} or revocation`,
                thirdPartyDisclosure: true,
                thirdPartyName: row.sources.length === 0 ? 'every agency on the Ontmoetingsplein' : row.sources.join(', '),
              },
            ],
          },
        ],
        sensitive: false,
        spiCat: [],
        status: view!.status,
        validFrom: row.validFrom.toISOString(),
        validUntil: row.validUntil.toISOString(),
        history: view!.history.map((h) => ({ action: h.action, at: h.at.toISOString() })),
      },
      null,
      2,
    );
  }

  statutoryBases(): Promise<StatutoryBasisRow[]> {
    return this.dataSource.getRepository(StatutoryBasisEntity).find({ order: { createdAt: 'ASC' } });
  }

  async addStatutoryBasis(caller: Caller, input: StatutoryBasisInput): Promise<StatutoryBasisRow> {
    if (!isValidOin(input.granteeOrg)) throw invalid('granteeOrg is not a valid OIN (20 digits).');
    const scope = checkScope(input.purpose, input.categories, input.sources);
    const law = input.law.trim();
    const article = input.article.trim();
    if (!law || law.length > 200 || !article || article.length > 100)
      throw invalid('Name the law (≤ 200 characters) and the article (≤ 100).');
    const row: StatutoryBasisRow = {
      id: randomUUID(),
      granteeOrg: input.granteeOrg,
      ...scope,
      law,
      article,
      createdBy: caller.username,
      createdAt: new Date(),
    };
    await this.dataSource.getRepository(StatutoryBasisEntity).insert(row);
    return row;
  }

  /** Decisions for the calling organisation only: an organisation cannot probe another's access. */
  async decisions(caller: Caller, bsns: string[], purpose: string, category: string, source: string): Promise<ConsentDecision[]> {
    if (bsns.length === 0 || bsns.length > MAX_BATCH) throw invalid(`Ask for 1 to ${MAX_BATCH} residents at a time.`);
    const subjects = bsns.map((b) => parseBsn(b));
    if (!isPurpose(purpose)) throw invalid(`Unknown purpose "${purpose.slice(0, 60)}".`);
    if (!isCategory(category)) throw invalid(`Unknown category "${category.slice(0, 60)}".`);
    const org = caller.org!;
    const [consents, bases] = await Promise.all([
      this.dataSource.getRepository(ConsentEntity).find({ where: { subjectBsn: In(subjects), granteeOrg: org } }),
      this.dataSource.getRepository(StatutoryBasisEntity).find({ where: { granteeOrg: org, purpose } }),
    ]);
    const at = new Date();
    return subjects.map((bsn) => {
      const d = decide({ org, subjectBsn: bsn, purpose, category, source, at }, consents, bases);
      return d.permit
        ? {
            bsn,
            permit: true,
            basis: d.basis.kind === 'consent' ? `consent:${d.basis.consentId}` : `statutory:${d.basis.law} ${d.basis.article}`,
            reason: null,
            until: d.until,
          }
        : { bsn, permit: false, basis: null, reason: d.reason, until: null };
    });
  }

  private async record(m: EntityManager, row: ConsentRow, action: 'granted' | 'revoked' | 'expired', actor: string): Promise<void> {
    await m.getRepository(ConsentHistoryEntity).insert({ consentId: row.id, action, actor });
    const type = { granted: EventTypes.CONSENT_GRANTED, revoked: EventTypes.CONSENT_REVOKED, expired: EventTypes.CONSENT_EXPIRED }[action];
    await enqueueEvent(
      m,
      type.topic,
      createEvent({
        type: type.type,
        sourceOin: this.config.PLEIN_OIN,
        subject: pseudonymOf(parseBsn(row.subjectBsn), this.config.PSEUDONYM_KEY),
        data: {
          consentId: row.id,
          granteeOrg: row.granteeOrg,
          purpose: row.purpose,
          categories: row.categories,
          sources: row.sources,
          validFrom: row.validFrom.toISOString(),
          validUntil: row.validUntil.toISOString(),
        },
      }),
    );
  }

  private async withHistory(rows: ConsentRow[]): Promise<Consent[]> {
    const history =
      rows.length === 0
        ? []
        : await this.dataSource
            .getRepository(ConsentHistoryEntity)
            .find({ where: { consentId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    const now = Date.now();
    return rows.map((r) => ({
      ...r,
      legalBasis: 'consent',
      status: r.revokedAt
        ? ConsentStatus.REVOKED
        : r.validUntil.getTime() <= now
          ? ConsentStatus.EXPIRED
          : r.validFrom.getTime() > now
            ? ConsentStatus.NOT_YET_ACTIVE
            : ConsentStatus.ACTIVE,
      history: history.filter((h) => h.consentId === r.id).map((h) => ({ action: h.action, at: h.at })),
    }));
  }
}
