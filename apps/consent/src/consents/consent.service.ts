import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ForbiddenError, type Caller } from '@plein/auth';
import {
  basisText,
  decide,
  isCategory,
  isPurpose,
  previewOf,
  resolveScope,
  CATEGORIES,
  PURPOSES,
  type Category,
  type Purpose,
  type ResolvedScope,
} from '@plein/consent';
import { DomainError, comesOfAgeAt, isUuid, isValidOin, parseBsn } from '@plein/domain';
import { createEvent, enqueueEvent, EventTypes, pseudonymOf } from '@plein/events';
import { textProblem } from '@plein/processing-log';
import { NotFoundError } from '@plein/subgraph-kit';
import type { ConsentConfig } from '../settings.js';
import { CONSENT_CONFIG } from './consent.config.js';
import {
  ConsentEntity,
  ConsentHistoryEntity,
  ConsentRequestEntity,
  StatutoryBasisEntity,
  type ConsentAction,
  type ConsentRow,
  type StatutoryBasisRow,
} from './consent.entities.js';
import {
  ConsentStatus,
  type Consent,
  type ConsentDecision,
  type DeliveryBasis,
  type GrantConsentInput,
  type StatutoryBasisInput,
} from './consent.types.js';
import { PleinDirectory } from './plein-directory.js';

export { CONSENT_CONFIG };
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

/** Whose consent it is: the resident's own, or a minor's given by a parent with authority. */
export interface Subject {
  bsn: string;
  /** Set when a parent acts for a minor: when the child comes of age. */
  comesOfAgeAt: Date | null;
}

/**
 * The consent registry: residents grant and revoke their own consents (and a parent with
 * authority those of a minor child), administrators keep the statutory bases, and
 * organisations ask for decisions about their own access only. A consent's reach is fixed when
 * it is given. Every grant, revocation and end is announced through the outbox in the same
 * transaction.
 */
/** A live consent whose end has come: what the expiry announcer claims (indexed: IDX_consent_live_until). */
const RAN_OUT = 'valid_until <= now() AND revoked_at IS NULL AND expired_at IS NULL';

@Injectable()
export class ConsentService implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
    @Inject(PleinDirectory) private readonly directory: PleinDirectory,
  ) {}

  /** Before the first delivery question: every consent row then has its pseudonym. */
  async onApplicationBootstrap(): Promise<void> {
    await this.pseudonymiseMissing();
  }

  /**
   * The resident themselves, or a minor child they have parental authority over according to
   * the population register. Anyone else (an adult child included) is refused.
   */
  async subject(caller: Caller, authorization: string, subjectBsn?: string | null): Promise<Subject> {
    if (!subjectBsn || subjectBsn === caller.bsn) return { bsn: caller.bsn!, comesOfAgeAt: null };
    const bsn = parseBsn(subjectBsn);
    const child = (await this.directory.childrenInCare(authorization)).find((c) => c.bsn === bsn);
    if (!child)
      throw new ForbiddenError('You can act only for yourself or for a minor child you have parental authority over (ouderlijk gezag).');
    return { bsn, comesOfAgeAt: comesOfAgeAt(child.birthDate) };
  }

  /** Whether the caller is this resident or their parent with authority; anything else is simply no. */
  async mayActFor(caller: Caller, authorization: string, subjectBsn: string): Promise<boolean> {
    try {
      await this.subject(caller, authorization, subjectBsn);
      return true;
    } catch (e) {
      if (e instanceof ForbiddenError) return false;
      throw e;
    }
  }

  async mine(caller: Caller, authorization: string, subjectBsn?: string | null): Promise<Consent[]> {
    const subject = await this.subject(caller, authorization, subjectBsn);
    const rows = await this.dataSource
      .getRepository(ConsentEntity)
      .find({ where: { subjectBsn: subject.bsn }, order: { grantedAt: 'ASC' } });
    return this.withHistory(rows);
  }

  /**
   * Grants a consent. Its agencies are resolved now: those named, or every agency on the plein
   * that holds one of the categories; each for the categories it holds. Agencies that join
   * later are covered only when the resident says so (`alsoFutureSources`). From a request,
   * exactly the scope the resident was shown is granted.
   */
  async grant(
    caller: Caller,
    authorization: string,
    input: GrantConsentInput,
    fromRequest: { id: string; scope: ResolvedScope; granteeName: string } | null = null,
  ): Promise<Consent> {
    if (!isValidOin(input.granteeOrg)) throw invalid('granteeOrg is not a valid OIN (20 digits).');
    const checked = checkScope(input.purpose, input.categories, input.sources);
    const alsoFutureSources = input.alsoFutureSources ?? false;
    if (alsoFutureSources && checked.sources.length > 0)
      throw invalid('Agencies that join later can be included only in a consent for every agency on the plein: name no sources.');
    const now = new Date();
    const validFrom = input.validFrom ?? now;
    if (Number.isNaN(validFrom.getTime()) || Number.isNaN(input.validUntil.getTime())) throw invalid('Validity dates must be valid times.');
    if (input.validUntil.getTime() <= Math.max(validFrom.getTime(), now.getTime()))
      throw invalid('validUntil must lie after validFrom and in the future.');
    if (input.validUntil.getTime() - validFrom.getTime() > this.config.MAX_CONSENT_DAYS * DAY)
      throw invalid(`A consent is valid for at most ${this.config.MAX_CONSENT_DAYS} days.`);
    const subject = await this.subject(caller, authorization, input.subjectBsn);
    if (subject.comesOfAgeAt && validFrom.getTime() >= subject.comesOfAgeAt.getTime())
      throw invalid('A parent cannot give consent for the time after the child comes of age.');
    const [granteeName, scope] = fromRequest
      ? [fromRequest.granteeName, fromRequest.scope]
      : await Promise.all([
          this.directory.organisationName(input.granteeOrg),
          this.directory.agencies().then((agencies) => resolveScope(agencies, checked.categories, checked.sources)),
        ]);
    // A consent given for a minor ends when the child comes of age; the child is then asked.
    const lapsesAtMajority = subject.comesOfAgeAt !== null && input.validUntil.getTime() > subject.comesOfAgeAt.getTime();
    const row: ConsentRow = {
      id: randomUUID(),
      subjectBsn: subject.bsn,
      subjectPseudonym: pseudonymOf(parseBsn(subject.bsn), this.config.PSEUDONYM_KEY),
      granteeOrg: input.granteeOrg,
      granteeName,
      purpose: checked.purpose,
      categories: checked.categories,
      ...scope,
      alsoFutureSources,
      representativeBsn: subject.comesOfAgeAt ? caller.bsn! : null,
      lapsesAtMajority,
      validFrom,
      validUntil: lapsesAtMajority ? subject.comesOfAgeAt! : input.validUntil,
      revokedAt: null,
      expiredAt: null,
      grantedAt: now,
      requestId: fromRequest?.id ?? null,
    };
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(ConsentEntity).insert(row);
      await this.record(m, row, 'granted', caller.username);
    });
    return (await this.withHistory([row]))[0]!;
  }

  async revoke(caller: Caller, authorization: string, id: string): Promise<Consent> {
    const candidate = isUuid(id) ? await this.dataSource.getRepository(ConsentEntity).findOneBy({ id }) : null;
    // Someone else's consent reads as one that does not exist.
    if (!candidate || !(await this.mayActFor(caller, authorization, candidate.subjectBsn))) throw new NotFoundError('consent', id);
    const row = await this.dataSource.transaction(async (m) => {
      const found = await m.getRepository(ConsentEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
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
   * integrators learn of it as they do of a revocation. A consent a parent gave for a child who
   * has now come of age lapses, and the child is asked in a request of the same reach. Several
   * instances may run this: a row is claimed with SKIP LOCKED.
   */
  /** When the earliest live consent ends (indexed: IDX_consent_live_until); none when none is live. */
  async nextEnd(): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT min(valid_until) AS next FROM consent.consent WHERE revoked_at IS NULL AND expired_at IS NULL',
    )) as Array<{ next: Date | string | null }>;
    return row?.next ? new Date(row.next) : undefined;
  }

  async announceExpired(limit = 100): Promise<number> {
    // Nothing due is the common answer (a look woken early, another instance's consent already
    // announced): one plain statement says so, where the claim below is a transaction of three.
    const [anything] = (await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM consent.consent WHERE ${RAN_OUT}) AS due`)) as Array<{
      due: boolean;
    }>;
    if (!anything?.due) return 0;
    return this.dataSource.transaction(async (m) => {
      const due = await m
        .getRepository(ConsentEntity)
        .createQueryBuilder('c')
        .where(RAN_OUT)
        .orderBy('c.valid_until')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const row of due) {
        row.expiredAt = new Date();
        await m.getRepository(ConsentEntity).update({ id: row.id }, { expiredAt: row.expiredAt });
        await this.record(m, row, row.lapsesAtMajority ? 'lapsed' : 'expired', 'consent service');
        if (row.lapsesAtMajority) await this.askTheChild(m, row);
      }
      return due.length;
    });
  }

  private async askTheChild(m: EntityManager, row: ConsentRow): Promise<void> {
    const now = Date.now();
    await m.getRepository(ConsentRequestEntity).insert({
      id: randomUUID(),
      subjectBsn: row.subjectBsn,
      requesterOrg: row.granteeOrg,
      requesterName: row.granteeName,
      requestedBy: 'Ontmoetingsplein',
      purpose: row.purpose,
      categories: row.categories,
      sources: row.sources,
      coverage: row.coverage,
      sourceNames: row.sourceNames,
      validUntil: new Date(now + Math.min(365, this.config.MAX_CONSENT_DAYS) * DAY),
      message:
        `U bent 18 geworden. Uw ouder gaf ${row.granteeName} toestemming voor u; die toestemming is nu beëindigd. ` +
        'Beslist u zelf of u die toestemming wilt geven.',
      status: 'PENDING',
      createdAt: new Date(now),
      decidedAt: null,
    });
  }

  /**
   * The resident's receipt for one of their consents (or their child's), with the fields of the
   * Kantara Initiative Consent Receipt Specification v1.1, as a JSON document in Dutch.
   */
  async receipt(caller: Caller, authorization: string, id: string, subjectBsn?: string | null): Promise<string> {
    const subject = await this.subject(caller, authorization, subjectBsn);
    const row = isUuid(id) ? await this.dataSource.getRepository(ConsentEntity).findOneBy({ id, subjectBsn: subject.bsn }) : null;
    if (!row) throw new NotFoundError('consent', id);
    const [view] = await this.withHistory([row]);
    return JSON.stringify(
      {
        version: 'KI-CR-v1.1.0',
        jurisdiction: 'NL',
        consentTimestamp: Math.floor(row.grantedAt.getTime() / 1000),
        collectionMethod: `${row.requestId ? 'verzoek goedgekeurd' : 'gegeven'} in het Ontmoetingsplein${row.representativeBsn ? ', door een ouder met gezag voor een minderjarig kind' : ''}`,
        consentReceiptID: row.id,
        language: 'nl',
        piiPrincipalId: row.subjectBsn,
        piiControllers: [
          { piiController: row.granteeName || row.granteeOrg, piiControllerId: `urn:nld:oin:${row.granteeOrg}`, onBehalf: false },
        ],
        policyUrl: 'https://ontmoetingsplein.nl/privacy',
        services: [
          {
            service: 'Ontmoetingsplein: gegevens delen tussen overheidsorganisaties',
            purposes: [
              {
                purpose: PURPOSES[row.purpose as Purpose] ?? row.purpose,
                purposeCategory: [row.purpose],
                consentType: 'EXPLICIT',
                piiCategory: row.categories.map((c) => CATEGORIES[c as Category] ?? c),
                primaryPurpose: true,
                termination: `tot ${row.validUntil.toISOString()}${row.lapsesAtMajority ? ' (de dag dat het kind 18 wordt)' : ''} of tot intrekking`,
                thirdPartyDisclosure: true,
                thirdPartyName: view!.coverage.map((s) => s.agencyName).join(', '),
                sources: view!.coverage.map((s) => ({ organisatie: s.agencyName, gegevens: s.categories.map((c) => c.description) })),
                alsoFutureSources: row.alsoFutureSources,
                ...(row.alsoFutureSources ? { ookLaterAangeslotenOrganisaties: 'ja: ook organisaties die later aansluiten' } : {}),
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
    // Every access on the basis is logged under this text at each source: text a source could not
    // log would make every such access fail there.
    const logged = textProblem('legalBasis', basisText({ law, article }));
    if (logged) throw invalid(`The law and article together are what every access on this basis is logged under, and that text ${logged}.`);
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
            basis: basisText(d.basis),
            reason: null,
            until: d.until,
          }
        : { bsn, permit: false, basis: null, reason: d.reason, until: null };
    });
  }

  /**
   * For the dispatcher: which of these organisations may receive an event about the resident with
   * this pseudonym, of this category from this source — and on which basis and purpose. A consent
   * in force counts. A statutory basis names no resident — routing on it alone would send every
   * resident's news to the organisation — so it counts only for the organisation the law's own
   * rule of whom points at: `residentOf`, the municipality where the resident lives (found by the
   * plein at its edge, for vroegsignalering).
   */
  async deliveryBases(
    subject: string,
    category: string,
    source: string,
    orgs: string[],
    residentOf: string | null = null,
  ): Promise<DeliveryBasis[]> {
    if (!/^urn:plein:pseudonym:[A-Za-z0-9_-]{43}$/.test(subject)) throw invalid('subject must be a resident pseudonym.');
    if (!isCategory(category)) throw invalid(`Unknown category "${category.slice(0, 60)}".`);
    if (orgs.length === 0 || orgs.length > MAX_BATCH || orgs.some((o) => !/^\d{20}$/.test(o)))
      throw invalid(`Ask for 1 to ${MAX_BATCH} organisations (OINs) at a time.`);
    if (residentOf !== null && !isValidOin(residentOf)) throw invalid('residentOf is not a valid OIN (20 digits).');
    const [consents, statutory] = await Promise.all([
      this.dataSource
        .getRepository(ConsentEntity)
        .find({ where: { subjectPseudonym: subject, granteeOrg: In(orgs) }, order: { grantedAt: 'ASC' } }),
      residentOf !== null && orgs.includes(residentOf)
        ? this.dataSource.getRepository(StatutoryBasisEntity).find({ where: { granteeOrg: residentOf }, order: { createdAt: 'ASC' } })
        : Promise.resolve([]),
    ]);
    const at = new Date();
    return [...new Set(orgs)].map((org) => {
      for (const purpose of new Set(org === residentOf ? statutory.map((b) => b.purpose) : [])) {
        if (!isPurpose(purpose)) continue;
        const d = decide({ org, subjectBsn: '', purpose, category, source, at }, [], statutory);
        if (d.permit && d.basis.kind === 'statutory') return { org, permit: true, purpose, basis: basisText(d.basis) };
      }
      for (const purpose of new Set(consents.filter((c) => c.granteeOrg === org).map((c) => c.purpose))) {
        if (!isPurpose(purpose)) continue;
        const d = decide({ org, subjectBsn: consents[0]!.subjectBsn, purpose, category, source, at }, consents, []);
        if (d.permit && d.basis.kind === 'consent') return { org, permit: true, purpose, basis: basisText(d.basis) };
      }
      return { org, permit: false, purpose: null, basis: null };
    });
  }

  /**
   * Gives rows without a pseudonym theirs: the seed's (written before the apps start) and consents
   * given before pseudonyms were kept. Every later consent gets its pseudonym when granted.
   */
  private async pseudonymiseMissing(): Promise<void> {
    for (;;) {
      const rows = (await this.dataSource.query(
        'SELECT DISTINCT subject_bsn FROM consent.consent WHERE subject_pseudonym IS NULL LIMIT 500',
      )) as Array<{ subject_bsn: string }>;
      if (rows.length === 0) return;
      for (const { subject_bsn } of rows)
        await this.dataSource.query(
          'UPDATE consent.consent SET subject_pseudonym = $1 WHERE subject_bsn = $2 AND subject_pseudonym IS NULL',
          [pseudonymOf(parseBsn(subject_bsn), this.config.PSEUDONYM_KEY), subject_bsn],
        );
    }
  }

  private async record(m: EntityManager, row: ConsentRow, action: ConsentAction, actor: string): Promise<void> {
    await m.getRepository(ConsentHistoryEntity).insert({ consentId: row.id, action, actor });
    const type = {
      granted: EventTypes.CONSENT_GRANTED,
      revoked: EventTypes.CONSENT_REVOKED,
      expired: EventTypes.CONSENT_EXPIRED,
      lapsed: EventTypes.CONSENT_EXPIRED,
    }[action];
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
          coverage: row.coverage,
          alsoFutureSources: row.alsoFutureSources,
          onBehalfOfMinor: row.representativeBsn !== null,
          ...(action === 'lapsed' ? { reason: 'the child came of age' } : {}),
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
      purposeDescription: PURPOSES[r.purpose as Purpose] ?? r.purpose,
      coverage: previewOf(r),
      givenByRepresentative: r.representativeBsn !== null,
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
