import { LogStatus, type NewLogEntry } from './processing-log.js';
import { currentTrace } from './trace-context.js';

/** A request refused before any resident was in question: who asked, for what, and why not. */
export interface RefusedRequest {
  /** What was asked, as a fixed name (never text the caller wrote: it could carry a BSN). */
  name: string;
  /** Why, as a code: `FORBIDDEN_ROLE`, `PURPOSE_NOT_ALLOWED`, `RATE_LIMITED`. */
  code: string;
  /** The purpose the caller stated, if one the plein knows. */
  purpose: string | null;
  caller: { org: string | null; roles: readonly string[]; subject: string | null };
  traceparent: string | undefined;
  processingActivityId: string;
  source: string;
}

/**
 * The log entry of a refused request: no data subject (none was in question), the refusal as
 * the basis (`refused: <code>`, as a source logs a refused lookup), the actor and organisation
 * so misuse detection can see who keeps being refused.
 */
export function refusedRequestEntry(r: RefusedRequest): NewLogEntry {
  const trace = currentTrace(r.traceparent);
  const now = new Date();
  return {
    traceId: trace.traceId,
    operationId: trace.spanId,
    parentOperationId: trace.parentSpanId,
    name: r.name,
    statusCode: LogStatus.REFUSED,
    startTime: now,
    endTime: now,
    processingActivityId: r.processingActivityId,
    dataSubjectId: null,
    purpose: r.purpose ?? 'none',
    legalBasis: `refused: ${r.code}`,
    receiverOrg: r.caller.org,
    receiverRole: r.caller.roles.join(','),
    // Not a category of anyone's data: a request.
    category: 'request',
    source: r.source,
    actor: r.caller.subject,
  };
}
