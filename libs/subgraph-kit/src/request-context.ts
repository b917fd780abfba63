import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '@plein/auth';

/** What a subgraph knows about the request it serves. */
export interface RequestContext {
  /** The caller its own token verification found; null only on public routes. */
  caller: Caller | null;
  /** Headers passed on unchanged to the sources this request fans out to. */
  forwardHeaders: Record<string, string>;
}

// The caller's token, the W3C trace context and the purpose the caller states (x-plein-purpose).
const FORWARDED = ['authorization', 'traceparent', 'tracestate', 'x-plein-purpose'] as const;

export function requestContextFrom(req: { headers: IncomingHttpHeaders; caller?: Caller }): RequestContext {
  const forwardHeaders: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') forwardHeaders[name] = value;
  }
  return { caller: req.caller ?? null, forwardHeaders };
}
