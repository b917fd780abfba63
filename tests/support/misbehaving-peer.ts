import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a peer on loopback saw, and whether it saw its endless answer cut off. */
export interface MisbehavingPeer {
  base: string;
  seen: Array<{ path: string; authorization: string | undefined; body: string }>;
  endlessClosed(): boolean;
  close(): Promise<void>;
}

/**
 * One of the plein's services (a source, a subgraph) on loopback, misbehaving in the ways a
 * hostile or broken agency's could: `/slow` answers after 3 s, `/endless` never stops answering,
 * `/redirect` sends the caller elsewhere, `/refusing` answers 401; any other path answers `answer`.
 */
export async function misbehavingPeer(answer: { contentType: string; body: string }): Promise<MisbehavingPeer> {
  const seen: MisbehavingPeer['seen'] = [];
  let endlessClosed = false;
  let base = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 3_000).unref();
      if (req.url === '/redirect') return void res.writeHead(302, { location: `${base}/elsewhere` }).end();
      if (req.url === '/refusing')
        return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"no"}]}');
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":{"x":"');
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const more = () => {
          if (res.destroyed) return;
          if (res.write(chunk)) setImmediate(more);
          else res.once('drain', more);
        };
        res.on('close', () => (endlessClosed = true));
        return more();
      }
      res.writeHead(200, { 'content-type': answer.contentType }).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    endlessClosed: () => endlessClosed,
    close: async () => {
      // Callers keep their connections to a peer open between requests.
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A port on loopback where nobody answers. */
export async function deadPort(): Promise<number> {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  return port;
}
