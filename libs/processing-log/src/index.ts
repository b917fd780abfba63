export { continueTrace, currentTrace, onwardTraceparent, traceparentOf, type TraceContext } from './trace-context.js';
export { ProcessingLogEntity, ProcessingLogHeadEntity, type ProcessingLogRow } from './processing-log.entity.js';
export { LogShipper, type ShipEntries } from './log-shipper.js';
export {
  processingLogDatabase,
  ProcessingLog,
  entriesAbout,
  LogStatus,
  verifyLog,
  macOf,
  readEntries,
  type LogHead,
  UnloggableEntryError,
  type NewLogEntry,
  type VerificationReport,
} from './processing-log.js';
export { FileCheckpoints, checkpointMac, type Checkpoint } from './checkpoints.js';
export { SourceLog, type SourceLogSettings } from './source-log.js';
export { refusedRequestEntry, type RefusedRequest } from './refused-request.js';
export { ENTRY_TEXT_LIMITS, OIN, SOURCE_KEY, entryProblem, textProblem } from './entry-rules.js';
