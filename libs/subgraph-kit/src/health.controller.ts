import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Response } from 'express';
import { Public } from '@plein/auth';

export const APP_NAME = Symbol('APP_NAME');

/**
 * A provider that the app needs before it can serve: the health controller finds every provider
 * with this method and reports ready only when all of them resolve. A check may do its warming
 * (fetch keys, open connections) on its first call, so readiness means warmed, not just alive.
 * It returns a short status for operators and throws with the reason when not ready.
 */
export interface ReadinessCheck {
  readonly readinessName: string;
  checkReadiness(): Promise<string>;
}

function isReadinessCheck(value: unknown): value is ReadinessCheck {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ReadinessCheck).checkReadiness === 'function' &&
    typeof (value as ReadinessCheck).readinessName === 'string'
  );
}

/** A check that has not answered within this time counts as not ready rather than holding the probe. */
const CHECK_TIMEOUT_MS = 3_000;

/** Liveness and readiness for supervisors and orchestrators; carries no personal data. */
@Controller('health')
@Public('liveness and readiness only; no data')
export class HealthController {
  private checks: ReadinessCheck[] | undefined;

  constructor(
    @Inject(APP_NAME) private readonly app: string,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
  ) {}

  /** The process runs and its event loop answers. */
  @Get()
  health(): { status: 'ok'; app: string } {
    return { status: 'ok', app: this.app };
  }

  @Get('live')
  live(): { status: 'ok'; app: string } {
    return this.health();
  }

  /** Every dependency the app needs is reachable and warmed; 503 with the reasons otherwise. */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const results = await Promise.all(
      this.readinessChecks().map(async (c) => {
        try {
          return { name: c.readinessName, ok: true, detail: await withTimeout(c.checkReadiness(), CHECK_TIMEOUT_MS) };
        } catch (e) {
          return { name: c.readinessName, ok: false, detail: (e as Error).message };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ready' : 'not ready',
      app: this.app,
      checks: Object.fromEntries(results.map((r) => [r.name, { ok: r.ok, detail: r.detail }])),
    });
  }

  private readinessChecks(): ReadinessCheck[] {
    this.checks ??= [
      ...new Set(
        this.discovery
          .getProviders()
          .map((w) => w.instance as unknown)
          .filter(isReadinessCheck),
      ),
    ];
    return this.checks;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
