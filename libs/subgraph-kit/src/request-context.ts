import type { IncomingHttpHeaders } from 'node:http';

/**
 * What a subgraph knows about the request it serves. The identity issue adds the verified
 * caller here; until then it only carries what must be forwarded to sources the subgraph calls.
 */
export interface RequestContext {
  /** Headers passed on unchanged to the sources this request fans out to. */
  forwardHeaders: Record<string, string>;
}

const FORWARDED = ['authorization', 'traceparent', 'tracestate'] as const;

export function requestContextFrom(req: { headers: IncomingHttpHeaders }): RequestContext {
  const forwardHeaders: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') forwardHeaders[name] = value;
  }
  return { forwardHeaders };
}
