import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceAccountToken } from '@plein/auth';
import { parseBsn } from '@plein/domain';
import { AGENCY_EVENTS_TOPIC, createEvent, enqueueEvent, OutboxRelay, type OutgoingRecord } from '@plein/events';

export interface AgencyEvent {
  /** A type the agency registered (registerEventType), e.g. nl.uwv.ww.toegekend.v1. */
  type: string;
  /** For a type about a resident: whom. It goes to the plein in a header and never into the event. */
  residentBsn?: string;
  data: Record<string, unknown>;
}

/**
 * Writes an agency's event in the caller's transaction: it leaves only if the change that caused
 * it commits. Keyed by the resident's BSN, so one resident's events leave in order.
 */
export async function enqueueAgencyEvent(manager: EntityManager, sourceOin: string, event: AgencyEvent): Promise<string> {
  const bsn = event.residentBsn === undefined ? null : parseBsn(event.residentBsn);
  const e = createEvent({ type: event.type, sourceOin, data: event.data });
  await enqueueEvent(manager, AGENCY_EVENTS_TOPIC, e, bsn);
  return e.id;
}

/** The plein refused an event: it stays in the outbox, and the relay stops there until someone looks. */
export class RefusedByPleinError extends Error {}

/**
 * Sends outbox records to the plein's event endpoint, one at a time and in order, in the
 * CloudEvents HTTP binding (binary mode), the resident's BSN in the `Plein-Resident-Bsn` header.
 * A 2xx (202 new, 200 sent before) is done; anything else throws, and the relay tries again.
 */
export class PleinEventEndpoint {
  constructor(
    private readonly url: string,
    private readonly token: ServiceAccountToken,
  ) {}

  async send(records: OutgoingRecord[]): Promise<void> {
    for (const record of records) {
      const headers: Record<string, string> = { authorization: await this.token.authorization(), 'content-type': 'application/json' };
      for (const [name, value] of Object.entries(record.headers ?? {})) if (name.startsWith('ce_')) headers[`ce-${name.slice(3)}`] = value;
      if (record.key !== null) headers['plein-resident-bsn'] = record.key;
      const res = await fetch(this.url, {
        method: 'POST',
        headers,
        body: record.value,
        signal: AbortSignal.timeout(10_000),
        redirect: 'error',
      });
      if (res.ok) continue;
      const answer = await res.text().catch(() => '');
      const message = `the plein answered HTTP ${res.status} for event ${record.headers?.['ce_id']}: ${answer.slice(0, 500)}`;
      throw res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 429
        ? new RefusedByPleinError(message)
        : new Error(message);
    }
  }
}

export interface AgencyEventsSettings {
  schema: string;
  oin: string;
  /** The plein's event endpoint, e.g. https://api.plein.example.nl/events. */
  endpoint: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

const SETTINGS = Symbol('AGENCY_EVENTS_SETTINGS');

/** What an agency's code uses to publish: `events.publish(manager, { type, residentBsn, data })` inside its own transaction. */
@Injectable()
export class AgencyEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('agency-events');
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(SETTINGS) private readonly settings: AgencyEventsSettings,
  ) {
    const token = new ServiceAccountToken({
      tokenUrl: settings.tokenUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      audience: 'dispatcher',
    });
    this.relay = new OutboxRelay(dataSource, settings.schema, new PleinEventEndpoint(settings.endpoint, token), {
      batchSize: 50,
      onError: (e) =>
        e instanceof RefusedByPleinError
          ? this.logger.error(`publishing stopped at a refused event; fix it in ${settings.schema}.outbox: ${e.message}`)
          : this.logger.warn(`events wait for the plein: ${(e as Error).message}`),
    });
  }

  publish(manager: EntityManager, event: AgencyEvent): Promise<string> {
    return enqueueAgencyEvent(manager, this.settings.oin, event);
  }

  onModuleInit(): Promise<void> {
    return this.relay.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}

/** The transactional outbox of an agency's own events, relayed to the plein while the subgraph runs. */
@Module({})
export class AgencyEventsModule {
  static forAgency(settings: AgencyEventsSettings): DynamicModule {
    return {
      module: AgencyEventsModule,
      providers: [{ provide: SETTINGS, useValue: settings }, AgencyEvents],
      exports: [AgencyEvents],
      global: true,
    };
  }
}
