import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ForbiddenError, type Caller } from '@plein/auth';
import { DomainError, isValidBsn, type Bsn } from '@plein/domain';
import {
  AGENCY_EVENTS_TOPIC,
  ARREARS_CATEGORY,
  dataProblems,
  enqueueEvent,
  InvalidEventError,
  pseudonymOf,
  validateEvent,
  type PleinEvent,
} from '@plein/events';
import { EarlyWarningService } from '../early-warning/early-warning.service.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';
import { PublishedEventEntity, type PublishedEventRow } from './published-event.entity.js';
import { RegisteredTypes } from './registered-types.js';

/** What a publisher sent: the event's attributes and data, and — only at this edge — the resident's BSN. */
export interface Submission {
  event: Record<string, unknown>;
  residentBsn: string | undefined;
}

export interface Accepted {
  /** The id of the event as the plein delivers it. */
  id: string;
  dataref: string;
  /** The publisher sent this event (source and id) before; nothing new was stored. */
  duplicate: boolean;
}

/**
 * Events organisations publish: checked against the type they registered, the resident named by
 * pseudonym instead of BSN, stored with their data, and put on the log as thin notifications
 * whose dataref points at the plein — in one transaction, so an accepted event is never lost and
 * a refused one leaves nothing behind.
 */
@Injectable()
export class PublishService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(RegisteredTypes) private readonly types: RegisteredTypes,
    @Inject(EarlyWarningService) private readonly earlyWarning: EarlyWarningService,
  ) {}

  async publish(caller: Caller, submission: Submission): Promise<Accepted> {
    const { event, residentBsn } = submission;
    const problems: string[] = [];
    if ('subject' in event) problems.push('subject: set by the plein (a pseudonym); name the resident in the Plein-Resident-Bsn header');
    if ('dataref' in event) problems.push('dataref: set by the plein, which keeps the data');
    let checked: PleinEvent | undefined;
    try {
      checked = validateEvent(event);
    } catch (e) {
      if (!(e instanceof InvalidEventError)) throw e;
      problems.push(...e.problems);
    }
    if (problems.length > 0 || !checked) throw new InvalidEventError(problems);
    if (checked.source !== `urn:nld:oin:${caller.org}`)
      throw new ForbiddenError(`An organisation publishes as itself: source must be urn:nld:oin:${caller.org}.`);
    const type = await this.types.find(checked.type);
    if (!type) throw new InvalidEventError([`type: ${checked.type} is not registered; register it with registerEventType first`]);
    if (type.agencyOin !== caller.org) throw new ForbiddenError(`${checked.type} is registered by another organisation.`);
    problems.push(...dataProblems(type, checked.data ?? null));
    if (type.aboutResident && residentBsn === undefined) problems.push('Plein-Resident-Bsn: this type is about a resident; name them');
    if (!type.aboutResident && residentBsn !== undefined) problems.push('Plein-Resident-Bsn: this type is about no resident');
    // The reason names no digits: one digit off a real BSN is still someone's.
    if (residentBsn !== undefined && !isValidBsn(residentBsn)) problems.push('Plein-Resident-Bsn: not a BSN (it fails the 11-proef)');
    if (problems.length > 0) throw new InvalidEventError(problems);

    // A signal of arrears goes to the municipality where its resident lives: found now, while the BSN is at hand.
    const municipality = type.category === ARREARS_CATEGORY ? await this.earlyWarning.route(residentBsn!) : null;
    const subject = residentBsn === undefined ? null : pseudonymOf(residentBsn as Bsn, this.config.PSEUDONYM_KEY);
    const row: PublishedEventRow = {
      ref: randomUUID(),
      sourceOin: caller.org!,
      eventId: checked.id,
      type: type.type,
      agencyKey: type.agencyKey,
      category: type.category,
      subject,
      data: (checked.data ?? null) as Record<string, unknown> | null,
      time: new Date(checked.time),
      publishedBy: caller.clientId || caller.username,
      receivedAt: new Date(),
    };
    return this.dataSource.transaction(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO dispatcher.published_event (ref, source_oin, event_id, type, agency_key, category, subject, data, time, published_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (source_oin, event_id) DO NOTHING RETURNING ref`,
        [
          row.ref,
          row.sourceOin,
          row.eventId,
          row.type,
          row.agencyKey,
          row.category,
          row.subject,
          row.data === null ? null : JSON.stringify(row.data),
          row.time,
          row.publishedBy,
        ],
      )) as Array<{ ref: string }>;
      if (inserted.length === 0) {
        const earlier = await m.getRepository(PublishedEventEntity).findOneByOrFail({ sourceOin: row.sourceOin, eventId: row.eventId });
        // jsonb keeps keys in its own order: compare values, not texts.
        if (earlier.type !== row.type || earlier.subject !== row.subject || !isDeepStrictEqual(earlier.data, row.data))
          throw new DomainError(
            'DUPLICATE_EVENT_ID',
            `Event ${row.eventId} was published before with other contents; give a new event a new id.`,
          );
        return { id: earlier.ref, dataref: this.dataref(earlier.ref), duplicate: true };
      }
      const thin = validateEvent({
        specversion: '1.0',
        id: row.ref,
        source: checked.source,
        type: row.type,
        ...(subject ? { subject } : {}),
        time: checked.time,
        dataref: this.dataref(row.ref),
      });
      if (municipality) await this.earlyWarning.record(m, row, municipality);
      await enqueueEvent(m, AGENCY_EVENTS_TOPIC, thin);
      return { id: row.ref, dataref: this.dataref(row.ref), duplicate: false };
    });
  }

  private dataref(ref: string): string {
    return new URL(`events/${ref}/data`, this.config.DISPATCHER_PUBLIC_URL.replace(/\/?$/, '/')).toString();
  }
}
