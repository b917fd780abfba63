import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Role, requireCaller, type AuthenticatedRequest } from '@plein/auth';
import { MAX_EVENT_BYTES } from '@plein/events';
import { eventFromHttp, jsonBody } from './cloudevents-http.js';
import { EventDetails } from './event-details.service.js';
import { PublishService } from './publish.service.js';

/**
 * The plein's event endpoint for organisations without a subgraph of their own (a housing
 * corporation, an energy company) and for agencies alike: POST a CloudEvent (HTTP binding) to
 * publish it; GET an event's dataref to read its details, on a basis.
 */
@Controller('events')
export class PublishController {
  constructor(
    @Inject(PublishService) private readonly publishing: PublishService,
    @Inject(EventDetails) private readonly details: EventDetails,
  ) {}

  @Post()
  @HttpCode(202)
  @Allow(Role.AGENCY_PUBLISHER)
  async publish(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const body = await jsonBody(req, MAX_EVENT_BYTES);
    const bsnHeader = req.headers['plein-resident-bsn'];
    const accepted = await this.publishing.publish(requireCaller(req.caller), {
      event: eventFromHttp(req.headers, body),
      residentBsn: typeof bsnHeader === 'string' ? bsnHeader.trim() : undefined,
    });
    if (accepted.duplicate) res.status(200);
    return accepted;
  }

  @Get(':ref/data')
  @Allow(Role.INTEGRATOR)
  read(@Req() req: AuthenticatedRequest, @Param('ref') ref: string) {
    const traceparent = req.headers['traceparent'];
    return this.details.read(requireCaller(req.caller), ref, typeof traceparent === 'string' ? traceparent : undefined);
  }
}
