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
  /** Agency keys; empty means every source. */
  sources: string[];
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

/** A statutory basis an administrator configured: it permits one organisation one purpose. */
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
  const covering = inForce.find((c) => covers(c.categories, request.category) && covers(c.sources, request.source));
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
