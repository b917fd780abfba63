import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role, type Caller } from '@plein/auth';
import { DomainError, isUuid } from '@plein/domain';
import { ARREARS_CATEGORY } from '@plein/events';
import { NotFoundError } from '@plein/subgraph-kit';
import { DeliveryLog } from '../delivery/delivery-log.js';
import { EarlyWarningService } from '../early-warning/early-warning.service.js';
import { DeliveryBases } from './delivery-bases.js';
import { PublishedEventEntity } from './published-event.entity.js';

/**
 * An event's details behind its dataref: read on the same rule as its delivery — the reader's
 * organisation has a basis for the resident, the category and the source now — and logged. A
 * refusal is logged too (misuse detection reads refusals from the same log). The ref is a random
 * UUID from the dataref: knowing one is having been sent the event.
 */
@Injectable()
export class EventDetails {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeliveryBases) private readonly bases: DeliveryBases,
    @Inject(DeliveryLog) private readonly log: DeliveryLog,
    @Inject(EarlyWarningService) private readonly signals: EarlyWarningService,
  ) {}

  async read(caller: Caller, ref: string, traceparent: string | undefined) {
    const startTime = new Date();
    const row = isUuid(ref) ? await this.dataSource.getRepository(PublishedEventEntity).findOneBy({ ref }) : null;
    if (!row) throw new NotFoundError('event', ref);
    if (row.subject) {
      const org = caller.org!;
      const residentOf = row.category === ARREARS_CATEGORY ? await this.signals.municipalityOf(row.ref) : null;
      const basis = (await this.bases.of(row.subject, row.category, row.agencyKey, [org], residentOf)).get(org);
      const disclosure = {
        name: 'event details read',
        activity: 'event-details' as const,
        subject: row.subject,
        receiverOrg: org,
        receiverRole: Role.INTEGRATOR,
        actor: caller.subject,
        category: row.category,
        source: row.agencyKey,
        startTime,
        ...(traceparent ? { traceparent } : {}),
      };
      if (!basis?.permit) {
        await this.log.refused({ ...disclosure, purpose: 'none', basis: 'refused: NO_CONSENT' });
        throw new DomainError('NO_CONSENT', 'Your organisation has no basis for this resident’s data from this source.');
      }
      await this.log.disclosed({ ...disclosure, purpose: basis.purpose!, basis: basis.basis! });
    }
    return {
      id: row.ref,
      source: `urn:nld:oin:${row.sourceOin}`,
      publisherEventId: row.eventId,
      type: row.type,
      time: row.time.toISOString(),
      data: row.data,
    };
  }
}
