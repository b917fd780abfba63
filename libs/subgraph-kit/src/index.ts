export { runApp, serveApp, startOrExit, type RunAppOptions } from './run-app.js';
export { subgraphGraphQLOptions, type SubgraphGraphQLOptions } from './graphql-options.js';
export { queryArmor, SUBGRAPH_QUERY_LIMITS, type QueryLimits } from './query-armor.js';
export { DatabaseModule } from './database.module.js';
export { formatGraphQLError, NotFoundError } from './errors.js';
export { requestContextFrom, type RequestContext } from './request-context.js';
export {
  runAgencySubgraph,
  agencyModule,
  agencyDatabase,
  agencySettings,
  logboekSettings,
  verifierSettings,
  tokenUrlOf,
  incomeLedgerDatabase,
  type AgencySubgraph,
} from './agency-subgraph.js';
export { IncomeAwardEntity, type IncomeAwardRow } from './income/income-award.entity.js';
export type { SchemeCatalogue } from './income/income-provider.js';
export { IncomeContractResolver } from './income/income-contract.resolver.js';
export { ProcessingLogModule } from './processing/processing-log.module.js';
export { toAccountableRecord, type AccountableRecordSettings } from './processing/accountable-record.js';
export { ProcessingLogger, forbiddenRoleEntry, processingActivityUri, type ProcessingLogSettings } from './processing/processing-logger.js';
export { ProcessingLogResolver, PROCESSING_LOG_V1_FIELD } from './processing/processing-log.resolver.js';
export {
  AgencyEvents,
  AgencyEventsModule,
  enqueueAgencyEvent,
  PleinEventEndpoint,
  RefusedByPleinError,
  type AgencyEvent,
  type AgencyEventsSettings,
} from './events/agency-events.js';
