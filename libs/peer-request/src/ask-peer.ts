import { Agent, request } from 'undici';

/** What became of one question to a peer. */
export type PeerReply =
  { kind: 'answer'; status: number; json: boolean; text: string } | { kind: 'timeout' } | { kind: 'too-large' } | { kind: 'unreachable' };

/** More than any answer the contracts allow (a household's streams, a source's last 500 log entries). */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/**
 * Connections to the peers, kept open between requests. undici's own `request` rather than the
 * global `fetch` (the same library underneath): fetch's WHATWG streams, Response objects and
 * abort plumbing were half of the household's CPU under household views (ADR 0018), and every
 * view makes a dozen such calls across the plein.
 */
const peers = new Agent({ keepAliveTimeout: 30_000, connect: { timeout: 2_000 } });

/**
 * Posts a JSON request (GraphQL, as the plein's services speak it) to a peer — another of the
 * plein's services, run by an organisation that may be hostile — and reads its answer within the
 * time budget. Every way it can fail is a reply, never an exception. A redirect is not followed
 * (it is the peer's answer, and not JSON), and an answer longer than `maxBytes` (2 MiB unless
 * said) is cut off as it arrives, not read first.
 */
export async function askPeer(
  url: string,
  headers: Record<string, string>,
  body: string,
  limits: { timeoutMs: number; maxBytes?: number },
): Promise<PeerReply> {
  const budget = AbortSignal.timeout(limits.timeoutMs);
  const maxBytes = limits.maxBytes ?? MAX_ANSWER_BYTES;
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal: budget,
      dispatcher: peers,
    });
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > maxBytes) {
        res.body.destroy();
        return { kind: 'too-large' };
      }
      chunks.push(chunk);
    }
    const type = res.headers['content-type'];
    const json = (Array.isArray(type) ? type.join(',') : (type ?? '')).includes('json');
    return { kind: 'answer', status: res.statusCode, json, text: Buffer.concat(chunks).toString('utf8') };
  } catch {
    return budget.aborted ? { kind: 'timeout' } : { kind: 'unreachable' };
  }
}
