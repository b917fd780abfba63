import { personalDataScope, type Caller } from '@plein/auth';
import { isPurpose, PURPOSES, type Category, type Purpose } from '@plein/consent';
import { DomainError } from '@plein/domain';
import type { ConsentClient } from './consent-client.js';

/** The header in which a caseworker's application states the purpose of a request. */
export const PURPOSE_HEADER = 'x-plein-purpose';

export const ConsentErrorCode = {
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  PURPOSE_NOT_ALLOWED: 'PURPOSE_NOT_ALLOWED',
  NO_CONSENT: 'NO_CONSENT',
  /** The consent service could not say in time: nothing is shared, and nobody is told there was no consent. */
  CONSENT_UNAVAILABLE: 'CONSENT_UNAVAILABLE',
} as const;

/**
 * The purpose a request is for: the one bound into the caller's token when the gateway exchanged
 * it (stated in the header there, checked against the caller's grants). A source never reads a
 * purpose from a header another app could have set. Organisations must state one to see personal data.
 */
export function purposeOf(caller: Caller): Purpose {
  const stated = caller.purpose ?? '';
  if (!stated)
    throw new DomainError(ConsentErrorCode.PURPOSE_REQUIRED, `State the purpose of this request in the ${PURPOSE_HEADER} header.`);
  // The token's own roles say which purposes the realm grants this caller: a purpose bound by a
  // compromised exchanging app is refused here too.
  if (!caller.purposes.includes(stated))
    throw new DomainError(ConsentErrorCode.PURPOSE_NOT_ALLOWED, `The purpose ${stated.slice(0, 60)} is not granted to this caller.`);
  if (!isPurpose(stated))
    throw new DomainError(
      ConsentErrorCode.PURPOSE_REQUIRED,
      `Unknown purpose "${stated.slice(0, 60)}"; purposes: ${Object.keys(PURPOSES).join(', ')}.`,
    );
  return stated;
}

function unavailable(reason: string, source: string, purpose: string): DomainError {
  return new DomainError(
    ConsentErrorCode.CONSENT_UNAVAILABLE,
    `Whether there is a basis could not be checked (${reason}); nothing was shared. Try again shortly.`,
    { source, purpose },
  );
}

/** On what basis each resident's data is processed: for the processing log. */
export interface Permitted {
  purpose: Purpose | 'eigen-gegevens';
  basis: Map<string, string>;
}

/**
 * The check every source makes before it returns personal data: a resident sees their own;
 * an organisation needs, for every resident asked about, a basis for the stated purpose.
 * The source is authoritative: it checks even when the household overview checked before.
 */
export class ConsentGate {
  constructor(
    private readonly client: ConsentClient,
    /** The agency this gate guards (its key): the source a consent may be limited to. */
    readonly source: string,
  ) {}

  /**
   * For a record about several residents at once (a household): each resident's details are
   * shown only on a basis for that resident; the others are left out. Refused when there is
   * a basis for none of them. The basis map holds the permitted residents only.
   */
  async permittedAmong(caller: Caller, headers: Record<string, string>, bsns: readonly string[], category: Category): Promise<Permitted> {
    const scope = personalDataScope(caller);
    if (scope.kind === 'self') throw new Error('permittedAmong decides for organisations; a resident sees what is theirs.');
    const purpose = purposeOf(caller);
    const decisions = await this.client.decide(headers['authorization'] ?? '', {
      org: scope.org,
      bsns,
      purpose,
      category,
      source: this.source,
    });
    const basis = new Map<string, string>();
    for (const [bsn, d] of decisions) if (d.permit) basis.set(bsn, d.basis);
    if (basis.size === 0) {
      const first = [...decisions.values()][0];
      if (first && !first.permit && first.unknown) throw unavailable(first.reason, this.source, purpose);
      throw new DomainError(
        ConsentErrorCode.NO_CONSENT,
        `No basis to see ${category} from ${this.source} for ${purpose} for any of these residents: ${first && !first.permit ? first.reason : 'no decision'}.`,
        { source: this.source, purpose },
      );
    }
    return { purpose, basis };
  }

  async require(caller: Caller, headers: Record<string, string>, bsns: readonly string[], category: Category): Promise<Permitted> {
    const scope = personalDataScope(caller);
    if (scope.kind === 'self') return { purpose: 'eigen-gegevens', basis: new Map(bsns.map((b) => [b, 'own data (AVG art. 15)'])) };
    const purpose = purposeOf(caller);
    const decisions = await this.client.decide(headers['authorization'] ?? '', {
      org: scope.org,
      bsns,
      purpose,
      category,
      source: this.source,
    });
    const denied = [...decisions.values()].filter((d) => !d.permit);
    const unknown = denied.find((d) => !d.permit && d.unknown);
    if (unknown && !unknown.permit) throw unavailable(unknown.reason, this.source, purpose);
    if (denied.length > 0) {
      const reason = denied[0]!.permit ? '' : denied[0]!.reason;
      throw new DomainError(
        ConsentErrorCode.NO_CONSENT,
        `No basis to see ${category} from ${this.source} for ${purpose} for ${denied.length} of ${decisions.size} residents: ${reason}.`,
        { source: this.source, purpose },
      );
    }
    return { purpose, basis: new Map([...decisions].map(([bsn, d]) => [bsn, d.permit ? d.basis : ''])) };
  }
}
