import type { Category, Purpose } from './catalogue.js';

/** "May organisation O see category C of resident R from source S for purpose P now?" */
export interface DecisionRequest {
  org: string;
  subjectBsn: string;
  purpose: Purpose;
  category: Category;
  /** The agency that holds the data (its key). */
  source: string;
  at: Date;
}

/** A resident's purpose-bound consent, as the decision needs it. */
export interface ConsentGrant {
  id: string;
  subjectBsn: string;
  granteeOrg: string;
  purpose: string;
  categories: string[];
  /**
   * What it covers, resolved when it was given: `agency:category` for each agency the resident
   * saw in the preview and each category that agency holds. Nothing else is covered, unless
   * the resident chose to include agencies that join later as well.
   */
  coverage: readonly string[];
  /** The resident's explicit choice: also agencies that join the plein later (for the same categories). */
  alsoFutureSources: boolean;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

/** One entry of a consent's coverage. */
export function coverageEntry(source: string, category: string): string {
  return `${source}:${category}`;
}

export function consentCovers(c: Pick<ConsentGrant, 'categories' | 'coverage' | 'alsoFutureSources'>, source: string, category: string) {
  return c.coverage.includes(coverageEntry(source, category)) || (c.alsoFutureSources && c.categories.includes(category));
}

/** A statutory basis an administrator configured: it permits one organisation one purpose (empty lists: every category or source the law names). */
export interface StatutoryBasis {
  id: string;
  granteeOrg: string;
  purpose: string;
  law: string;
  article: string;
  categories: string[];
  sources: string[];
}

export type Basis = { kind: 'consent'; consentId: string } | { kind: 'statutory'; basisId: string; law: string; article: string };

/** A basis as the processing log's legal basis names it: `consent:<id>` or `statutory:<law> <article>`. */
export function basisText(basis: Basis | Pick<StatutoryBasis, 'law' | 'article'>): string {
  if ('kind' in basis && basis.kind === 'consent') return `consent:${basis.consentId}`;
  return `statutory:${basis.law} ${basis.article}`;
}

export type Decision =
  | { permit: true; basis: Basis; /** When the permit stops holding by itself (end of validity). */ until: Date | null }
  | { permit: false; reason: string };

const covers = (list: string[], item: string) => list.length === 0 || list.includes(item);

/**
 * Decides on the bases in force. A statutory basis counts only for its own organisation and
 * purpose; a consent only between its validity dates and until it is revoked.
 */
export function decide(request: DecisionRequest, consents: readonly ConsentGrant[], bases: readonly StatutoryBasis[]): Decision {
  const statutory = bases.find(
    (b) =>
      b.granteeOrg === request.org &&
      b.purpose === request.purpose &&
      covers(b.categories, request.category) &&
      covers(b.sources, request.source),
  );
  if (statutory)
    return {
      permit: true,
      basis: { kind: 'statutory', basisId: statutory.id, law: statutory.law, article: statutory.article },
      until: null,
    };

  const relevant = consents.filter((c) => c.subjectBsn === request.subjectBsn && c.granteeOrg === request.org);
  const forPurpose = relevant.filter((c) => c.purpose === request.purpose);
  const now = request.at.getTime();
  const inForce = forPurpose.filter(
    (c) => !c.revokedAt && c.validFrom.getTime() <= now && (c.validUntil === null || c.validUntil.getTime() > now),
  );
  const covering = inForce.find((c) => consentCovers(c, request.source, request.category));
  if (covering) return { permit: true, basis: { kind: 'consent', consentId: covering.id }, until: covering.validUntil };

  if (relevant.length === 0) return { permit: false, reason: 'no consent or statutory basis for this organisation' };
  if (forPurpose.length === 0) return { permit: false, reason: `no basis for purpose ${request.purpose}` };
  if (inForce.length === 0) {
    if (forPurpose.some((c) => c.revokedAt)) return { permit: false, reason: 'the consent was revoked' };
    if (forPurpose.some((c) => c.validUntil !== null && c.validUntil.getTime() <= now))
      return { permit: false, reason: 'the consent expired' };
    return { permit: false, reason: 'the consent is not yet in force' };
  }
  return { permit: false, reason: `the consent does not cover ${request.category} from ${request.source}` };
}
