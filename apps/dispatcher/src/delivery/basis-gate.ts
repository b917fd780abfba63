import { Role } from '@plein/auth';
import { ARREARS_CATEGORY, type PleinEvent } from '@plein/events';
import type { DeliveryBases } from '../publishing/delivery-bases.js';
import type { RegisteredTypes } from '../publishing/registered-types.js';
import type { DeliveryLog } from './delivery-log.js';

/**
 * Decides, at delivery time, whether a subscription's organisation may hear of an event an
 * organisation published: an event about a resident goes only to an organisation whose consent
 * covers that resident, the type's category and its source now — or, for an early-warning signal,
 * to the municipality it was routed to, on its statutory basis; the delivery is logged before it
 * is sent. The plein's own event types are not published through the registry and pass here
 * (their own rule, mayReceive, applies). When the registry or the consent service cannot answer,
 * this throws: the delivery is retried, never sent on a guess.
 */
export class BasisGate {
  constructor(
    private readonly types: RegisteredTypes,
    private readonly bases: DeliveryBases,
    private readonly log: DeliveryLog,
    /** Where each early-warning signal was routed when it was published. */
    private readonly signals: { municipalityOf(ref: string): Promise<string | null> },
  ) {}

  /** Whether `org` may hear of the event now; when it may and the event is about a resident, the disclosure is logged first. */
  async admit(org: string, event: PleinEvent): Promise<boolean> {
    if (event.type.startsWith('nl.ontmoetingsplein.')) return true;
    const startTime = new Date();
    const type = await this.types.find(event.type);
    if (!type) return false;
    if (!type.aboutResident) return true;
    if (!event.subject) return false;
    const residentOf = type.category === ARREARS_CATEGORY ? await this.signals.municipalityOf(event.id) : null;
    const basis = (await this.bases.of(event.subject, type.category, type.agencyKey, [org], residentOf)).get(org);
    if (!basis?.permit) return false;
    await this.log.disclosed({
      name: 'event delivered',
      activity: 'event-delivery',
      subject: event.subject,
      receiverOrg: org,
      receiverRole: Role.INTEGRATOR,
      purpose: basis.purpose!,
      basis: basis.basis!,
      category: type.category,
      source: type.agencyKey,
      startTime,
    });
    return true;
  }
}
