import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TokenExchanger } from '@plein/auth';
import { openTransport, type EventConfig, type EventTransport, type RunningConsumer } from '@plein/events';
import { ConsentClient } from './consent-client.js';
import { ConsentGate } from './consent-gate.js';
import { listenForConsentChanges } from './consent-invalidation.js';

export interface ConsentEnforcementSettings {
  app: string;
  /** The agency key the gate guards; the household service, which guards nothing itself, names itself. */
  source: string;
  consentUrl: string;
  ttlMs: number;
  timeoutMs: number;
  /** Where consent events arrive from; its database keeps the embedded log. */
  events: EventConfig;
  databaseUrl: string;
}

const SETTINGS = Symbol('CONSENT_ENFORCEMENT_SETTINGS');
/** The consent service's client id: the audience of the tokens it accepts. */
const CONSENT_AUDIENCE = 'consent';

@Injectable()
class InvalidationListener implements OnModuleInit, OnApplicationShutdown {
  private transport: EventTransport | undefined;
  private consumer: RunningConsumer | undefined;

  readonly readinessName = 'consent service';

  constructor(
    @Inject(SETTINGS) private readonly settings: ConsentEnforcementSettings,
    @Inject(ConsentClient) private readonly client: ConsentClient,
  ) {}

  /** Consent events arrive, and the consent service answers its own readiness probe. */
  async checkReadiness(): Promise<string> {
    if (!this.consumer) throw new Error('not listening for consent changes');
    const res = await fetch(new URL('/health/ready', this.settings.consentUrl), { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`the consent service is not ready (HTTP ${res.status})`);
    return 'listening for changes; service ready';
  }

  async onModuleInit(): Promise<void> {
    this.transport = await openTransport(this.settings.app, this.settings.events, this.settings.databaseUrl);
    this.consumer = await listenForConsentChanges(this.transport, this.client, this.settings.app);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.transport?.close();
  }
}

/** Cached consent decisions and the gate, for every source and for the household overview. */
@Global()
@Module({})
export class ConsentEnforcementModule {
  static forApp(settings: ConsentEnforcementSettings): DynamicModule {
    return {
      module: ConsentEnforcementModule,
      providers: [
        { provide: SETTINGS, useValue: settings },
        {
          provide: ConsentClient,
          useFactory: (exchanger: TokenExchanger) =>
            new ConsentClient({ consentUrl: settings.consentUrl, ttlMs: settings.ttlMs, timeoutMs: settings.timeoutMs }, (authorization) =>
              exchanger.authorizationFor(authorization, CONSENT_AUDIENCE),
            ),
          inject: [TokenExchanger],
        },
        { provide: ConsentGate, useFactory: (client: ConsentClient) => new ConsentGate(client, settings.source), inject: [ConsentClient] },
        InvalidationListener,
      ],
      exports: [ConsentClient, ConsentGate],
    };
  }
}
