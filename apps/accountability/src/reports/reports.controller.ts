import { Controller, Get, Header, Inject, Query, Req } from '@nestjs/common';
import { Allow, Role, requireCaller, type AuthenticatedRequest } from '@plein/auth';
import { ReportsService, reportCsv, type ReportKind } from './reports.service.js';

@Controller('reports')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  /** GET /reports/accesses.csv?kind=generic|specific&from=YYYY-MM-DD&to=YYYY-MM-DD */
  @Get('accesses.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Allow(Role.CASEWORKER, Role.SECURITY_OFFICER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR)
  async csv(@Req() req: AuthenticatedRequest, @Query('kind') kind = 'generic', @Query('from') from = '', @Query('to') to = '') {
    const k: ReportKind = kind === 'specific' ? 'specific' : 'generic';
    const traceparent = typeof req.headers['traceparent'] === 'string' ? req.headers['traceparent'] : undefined;
    return reportCsv(await this.reports.report(requireCaller(req.caller), k, from, to, traceparent), k);
  }
}
