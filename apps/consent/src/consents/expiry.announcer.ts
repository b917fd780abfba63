import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ConsentConfig } from '../settings.js';
import { CONSENT_CONFIG, ConsentService } from './consent.service.js';

/** Consents claimed and announced in one look; a full one looks again at once. */
const BATCH = 100;
/**
 * A look at a consent's end that finds it not yet ended by the database's clock (a clock a little
 * behind this one) waits this long rather than asking again at once.
 */
const NOT_YET_MS = 1_000;

/**
 * Announces consents that ran out, when they run out: it looks at the earliest live consent's
 * end, sooner when this instance gives a consent that ends earlier, and at least every
 * EXPIRY_CHECK_MS (for consents given through another instance). An idle consent service asks
 * nothing in between; it asked every second before (ADR 0018). The sources need no announcement
 * to stop honouring a consent: their cached decisions end with it.
 */
@Injectable()
export class ExpiryAnnouncer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiryAnnouncer');
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.consents.onConsentGiven((end) => this.lookBy(end.getTime()));
    this.lookBy(Date.now());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
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
