import type { ServiceAccountToken } from '@plein/auth';
import { DomainError } from '@plein/domain';

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

const QUERY = `query DeliveryBases($subject: String!, $category: String!, $source: String!, $orgs: [String!]!) {
  deliveryBases(subject: $subject, category: $category, source: $source, orgs: $orgs) { org permit purpose basis }
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

  async of(subject: string, category: string, source: string, orgs: string[]): Promise<Map<string, DeliveryBasis>> {
    let answer: { data?: { deliveryBases?: DeliveryBasis[] }; errors?: Array<{ message: string }> };
    try {
      const res = await fetch(this.consentUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await this.token.authorization() },
        body: JSON.stringify({ query: QUERY, variables: { subject, category, source, orgs } }),
        signal: AbortSignal.timeout(5_000),
        redirect: 'error',
      });
      answer = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as typeof answer;
    } catch (e) {
      throw new ConsentUnavailableError((e as Error).message);
    }
    if (!answer.data?.deliveryBases) throw new ConsentUnavailableError(answer.errors?.[0]?.message ?? 'no answer');
    return new Map(answer.data.deliveryBases.map((b) => [b.org, b]));
  }
}
