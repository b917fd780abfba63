export { continueTrace, traceparentOf, type TraceContext } from './trace-context.js';
export { ProcessingLogEntity, ProcessingLogHeadEntity, type ProcessingLogRow } from './processing-log.entity.js';
export {
  processingLogDatabase,
  appendToLog,
  entriesAbout,
  verifyLog,
  hashOf,
  type NewLogEntry,
  type VerificationReport,
} from './processing-log.js';
