import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@plein/auth';

export const APP_NAME = Symbol('APP_NAME');

/** Liveness for supervisors and orchestrators; carries no personal data. */
@Controller('health')
@Public('liveness only; no data')
export class HealthController {
  constructor(@Inject(APP_NAME) private readonly app: string) {}

  @Get()
  health(): { status: 'ok'; app: string } {
    return { status: 'ok', app: this.app };
  }
}
