import { randomBytes } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** W3C Trace Context (https://www.w3.org/TR/trace-context/): version 00, trace id, parent id, flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  /** The span of the caller, if the request came with one. */
  parentSpanId: string | null;
  /** This service's own span: the Logboek's operation_id. */
  spanId: string;
}

/** Continues the caller's trace, or starts one; always with a fresh span of our own. */
export function continueTrace(traceparent: string | undefined): TraceContext {
  const m = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  const valid = m && !/^0+$/.test(m[1]!) && !/^0+$/.test(m[2]!);
  return {
    traceId: valid ? m[1]! : randomBytes(16).toString('hex'),
    parentSpanId: valid ? m[2]! : null,
    spanId: randomBytes(8).toString('hex'),
  };
}

/** The traceparent to send onwards: our span becomes the callee's parent. */
export function traceparentOf(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-01`;
}

/**
 * The trace of this request as the processing log records it. With tracing on (OpenTelemetry,
 * libs/telemetry) the ids are the active span's, so an entry points at a span the operator can
 * open; without it, the caller's trace continued with a span of our own.
 */
export function currentTrace(traceparent: string | undefined): TraceContext {
  const caller = continueTrace(traceparent);
  const active = trace.getActiveSpan()?.spanContext();
  if (!active || !isSpanContextValid(active)) return caller;
  return { traceId: active.traceId, spanId: active.spanId, parentSpanId: caller.traceId === active.traceId ? caller.parentSpanId : null };
}

/**
 * The traceparent to send to the next hop, or none when tracing is on: then the HTTP
 * instrumentation sends the client span's own, and a second header would break the trace.
 */
export function onwardTraceparent(traceparent: string | undefined): string | undefined {
  const active = trace.getActiveSpan()?.spanContext();
  if (active && isSpanContextValid(active)) return undefined;
  return traceparentOf(continueTrace(traceparent));
}
