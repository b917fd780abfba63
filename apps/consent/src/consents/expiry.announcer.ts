import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ConsentConfig } from '../settings.js';
import { CONSENT_CONFIG, ConsentService } from './consent.service.js';

/** Announces consents that ran out, on a short interval. */
@Injectable()
export class ExpiryAnnouncer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiryAnnouncer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(CONSENT_CONFIG) private readonly config: ConsentConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.consents.announceExpired())
        .catch((e: unknown) => this.logger.warn(`announcing expired consents failed: ${(e as Error).message}`));
    }, this.config.EXPIRY_CHECK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
