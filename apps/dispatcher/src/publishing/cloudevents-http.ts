import type { IncomingHttpHeaders } from 'node:http';
import { InvalidEventError } from '@plein/events';

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

/**
 * An event from a request in the CloudEvents HTTP binding: structured mode (the whole event as
 * `application/cloudevents+json`) or binary mode (attributes as `ce-` headers, the data as an
 * `application/json` body). Batches are refused: each event is accepted or refused on its own.
 */
export function eventFromHttp(headers: IncomingHttpHeaders, body: unknown): Record<string, unknown> {
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === BATCH) throw new InvalidEventError(['content-type: batches are not accepted; post one event per request']);
  if (contentType === STRUCTURED) {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new InvalidEventError(['body: a structured event is a JSON object']);
    return body as Record<string, unknown>;
  }
  const event: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || typeof value !== 'string') continue;
    event[name.slice(3)] = decodeHeader(value);
  }
  if (!('specversion' in event))
    throw new InvalidEventError([
      `content-type: send ${STRUCTURED} (structured mode), or ce- headers with an application/json body (binary mode)`,
    ]);
  if (contentType === 'application/json') {
    event['datacontenttype'] = 'application/json';
    event['data'] = body;
  } else if (contentType !== '') throw new InvalidEventError(['content-type: data must be application/json']);
  return event;
}

/** Header values are percent-encoded where they hold characters a header cannot (binding §3.1.3.2). */
function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The body as JSON, whatever JSON content type it came with; express parses only application/json itself. */
export async function jsonBody(
  req: NodeJS.ReadableStream & { body?: unknown; headers: IncomingHttpHeaders },
  limit: number,
): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return req.body;
  if (type !== STRUCTURED && type !== BATCH) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InvalidEventError([`body: larger than ${limit / 1024} KiB`]);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new InvalidEventError(['body: not JSON']);
  }
}
