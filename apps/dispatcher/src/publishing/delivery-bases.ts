import type { ServiceAccountToken } from '@plein/auth';
import { DomainError } from '@plein/domain';
import { askAsService } from '../service-question.js';

/** Not a refusal: nobody could say. A delivery waits for a retry; a read is answered 503. */
export class ConsentUnavailableError extends DomainError<'CONSENT_UNAVAILABLE'> {
  constructor(reason: string) {
    super('CONSENT_UNAVAILABLE', `The consent service could not say who may receive this: ${reason}.`);
  }
}

export interface DeliveryBasis {
  org: string;
  permit: boolean;
  purpose: string | null;
  basis: string | null;
}

const QUERY = `query DeliveryBases($subject: String!, $category: String!, $source: String!, $orgs: [String!]!, $residentOf: String) {
  deliveryBases(subject: $subject, category: $category, source: $source, orgs: $orgs, residentOf: $residentOf) { org permit purpose basis }
}`;

/**
 * Asks the consent service, as the dispatcher's own service account, whether organisations have a
 * basis to receive an event about a resident. Not cached: a revocation holds from the next
 * delivery on. When the consent service cannot answer, this throws: the delivery waits and is
 * retried, it is neither sent nor dropped.
 */
export class DeliveryBases {
  constructor(
    private readonly consentUrl: string,
    private readonly token: ServiceAccountToken,
  ) {}

  /** `residentOf`: for an early-warning signal, the municipality where its resident lives, whose statutory basis then counts. */
  async of(
    subject: string,
    category: string,
    source: string,
    orgs: string[],
    residentOf: string | null = null,
  ): Promise<Map<string, DeliveryBasis>> {
    let bases: DeliveryBasis[];
    try {
      bases = await askAsService<DeliveryBasis[]>(
        this.consentUrl,
        this.token,
        QUERY,
        { subject, category, source, orgs, residentOf },
        'deliveryBases',
      );
    } catch (e) {
      throw new ConsentUnavailableError((e as Error).message);
    }
    return new Map(bases.map((b) => [b.org, b]));
  }
}
