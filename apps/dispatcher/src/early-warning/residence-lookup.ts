import type { ServiceAccountToken } from '@plein/auth';
import { DomainError } from '@plein/domain';
import { askAsService } from '../service-question.js';

export interface Municipality {
  municipalityOin: string;
  municipalityName: string;
}

/** Not a refusal: the register could not say. The publisher is answered 503 and sends again; nothing is stored. */
export class ResidenceUnavailableError extends DomainError<'RESIDENCE_UNAVAILABLE'> {
  constructor(reason: string) {
    super(
      'RESIDENCE_UNAVAILABLE',
      `The population register could not say where the resident lives: ${reason}. Send the signal again later.`,
    );
  }
}

const QUERY = 'query Residence($bsn: String!) { residence(bsn: $bsn) { municipalityOin municipalityName } }';

/**
 * Asks the population register (the demo: Gemeente Utrecht's; production: its BRP adapter, same
 * contract) in which municipality a resident is registered, as the dispatcher's own service
 * account. The register logs the question; the BSN goes nowhere else.
 */
export class ResidenceLookup {
  constructor(
    private readonly url: string,
    private readonly token: ServiceAccountToken,
  ) {}

  async municipalityOf(bsn: string): Promise<Municipality | null> {
    try {
      return await askAsService<Municipality | null>(this.url, this.token, QUERY, { bsn }, 'residence');
    } catch (e) {
      throw new ResidenceUnavailableError((e as Error).message);
    }
  }
}
