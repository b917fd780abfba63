import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { Allow, Role, requireCaller, type AuthenticatedRequest } from '@plein/auth';
import { AccountableRecord } from './accountable-record.service.js';

/** Where sources hand over their processing log (`toAccountableRecord` in the subgraph kit does it). */
@Controller('records')
export class RecordsController {
  constructor(@Inject(AccountableRecord) private readonly record: AccountableRecord) {}

  @Post()
  @HttpCode(200)
  // An agency's own account; the dispatcher's for the plein's disclosures; the gateway's (plein-admin) for the requests it refused.
  @Allow(Role.AGENCY_PUBLISHER, Role.EVENT_ROUTER, Role.PLEIN_ADMIN)
  handOver(@Req() req: AuthenticatedRequest) {
    const caller = requireCaller(req.caller);
    return this.record.handOver(caller.org!, req.body);
  }
}
