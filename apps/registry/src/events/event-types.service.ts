import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ForbiddenError, type Caller } from '@plein/auth';
import { CATEGORIES } from '@plein/consent';
import { checkEventTypeChange, InvalidEventTypeError, validateEventTypeSubmission, type AgencyEventType } from '@plein/events';
import { AgencyEntity, EventTypeEntity, type EventTypeRow } from '../persistence/registry.entities.js';

export interface EventTypeInput {
  type: string;
  summary: string;
  category: string;
  aboutResident: boolean;
  /** JSON text. */
  schema: string;
}

export function asAgencyEventType(row: EventTypeRow): AgencyEventType {
  return {
    type: row.type,
    agencyKey: row.agencyKey,
    summary: row.summary,
    category: row.category,
    aboutResident: row.aboutResident,
    schema: row.schema,
    topic: row.topic,
  };
}

/**
 * The event types organisations publish, registered like subgraphs: by the organisation's own
 * publisher, checked before anything is stored, and changed only compatibly once registered.
 */
@Injectable()
export class EventTypesService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  list(agencyKey?: string): Promise<EventTypeRow[]> {
    return this.dataSource.getRepository(EventTypeEntity).find({ where: agencyKey ? { agencyKey } : {}, order: { type: 'ASC' } });
  }

  async register(caller: Caller, input: EventTypeInput, dryRun: boolean): Promise<{ row: EventTypeRow; changed: boolean }> {
    const agency = caller.org ? await this.dataSource.getRepository(AgencyEntity).findOneBy({ oin: caller.org }) : null;
    if (!agency) throw new ForbiddenError(`Organisation ${caller.org} is not on the plein; an administrator registers it first.`);
    let schema: unknown;
    try {
      schema = JSON.parse(input.schema);
    } catch (e) {
      throw new InvalidEventTypeError([`schema: not JSON (${(e as Error).message})`]);
    }
    const submitted = validateEventTypeSubmission({ ...input, schema }, agency.key, Object.keys(CATEGORIES));
    return this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(EventTypeEntity);
      // Locked, so two registrations of one type are judged one after the other.
      const existing = await repo.findOne({ where: { type: submitted.type }, lock: { mode: 'pessimistic_write' } });
      if (existing && existing.agencyKey !== agency.key)
        throw new ForbiddenError(`${submitted.type} is registered by another organisation; choose a type in your own namespace.`);
      if (existing) {
        checkEventTypeChange(asAgencyEventType(existing), submitted);
        // jsonb keeps keys in its own order: compare values, not texts.
        const same = existing.summary === submitted.summary && isDeepStrictEqual(existing.schema, submitted.schema);
        if (same) return { row: existing, changed: false };
      }
      const row: EventTypeRow = {
        ...submitted,
        revision: (existing?.revision ?? 0) + 1,
        registeredBy: caller.username,
        createdAt: existing?.createdAt ?? new Date(),
        updatedAt: new Date(),
      };
      if (dryRun) return { row, changed: true };
      await repo.save(row);
      return { row: (await repo.findOneBy({ type: row.type }))!, changed: true };
    });
  }
}
