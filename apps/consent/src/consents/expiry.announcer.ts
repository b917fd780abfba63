import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PgListener } from '@plein/events';
import type { ConsentConfig } from '../settings.js';
import { CONSENT_CONFIG, ConsentService } from './consent.service.js';

/** Consents claimed and announced in one look; a full one looks again at once. */
const BATCH = 100;
/**
 * A look at a consent's end that finds it not yet ended by the database's clock (a clock a little
 * behind this one) waits this long rather than asking again at once.
 */
const NOT_YET_MS = 1_000;

/** A trigger on consent.consent notifies each live consent's end here (migration 1796600000001). */
const CONSENT_ENDS_CHANNEL = 'consent_ends';

/**
 * Announces consents that ran out, when they run out: it looks at the earliest live consent's
 * end, sooner when the database tells of a consent that ends earlier (given through any instance,
 * or written by any other path), and at least every EXPIRY_CHECK_MS, for one told while the
 * listening connection was lost. An idle consent service asks nothing in between; it asked every
 * second before (ADR 0018). The sources need no announcement to stop honouring a consent: their
 * cached decisions end with it.
 */
@Injectable()
export class ExpiryAnnouncer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiryAnnouncer');
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private listener: PgListener | undefined;

  constructor(
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // Listening before the first look: an end told in between is not missed.
    this.listener = new PgListener(this.config.DATABASE_URL, CONSENT_ENDS_CHANNEL, 'consent-expiry', () => this.lookBy(Date.now()));
    this.listener.on((payload) => {
      const end = Number(payload);
      this.lookBy(Number.isFinite(end) ? end : Date.now());
    });
    await this.listener.start();
    this.lookBy(Date.now());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.close();
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks no later than `at`: a look planned for later is brought forward, an earlier one kept. */
  private lookBy(at: number): void {
    if (this.stopped || (this.timer && this.dueAt <= at)) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.dueAt = Infinity;
        this.running = this.running.then(() => this.look());
      },
      Math.max(0, at - Date.now()),
    );
  }

  private async look(): Promise<void> {
    try {
      if ((await this.consents.announceExpired(BATCH)) === BATCH) return this.lookBy(Date.now());
      const now = Date.now();
      const next = (await this.consents.nextEnd())?.getTime() ?? Infinity;
      this.lookBy(Math.min(next <= now ? now + NOT_YET_MS : next, now + this.config.EXPIRY_CHECK_MS));
    } catch (e) {
      this.logger.warn(`announcing expired consents failed: ${(e as Error).message}`);
      this.lookBy(Date.now() + Math.min(NOT_YET_MS * 5, this.config.EXPIRY_CHECK_MS));
    }
  }
}
