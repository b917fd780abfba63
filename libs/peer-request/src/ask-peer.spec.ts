import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { askPeer } from './ask-peer.js';

/** A peer on loopback that misbehaves in the ways a hostile or broken agency could. */
describe('asking a peer', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ path: string; authorization: string | undefined; body: string }> = [];
  let endlessClosed = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 3_000).unref();
        if (req.url === '/redirect') return void res.writeHead(302, { location: `${base}/elsewhere` }).end();
        if (req.url === '/endless') {
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const more = () => {
            if (res.destroyed) return;
            if (res.write(chunk)) setImmediate(more);
            else res.once('drain', more);
          };
          res.on('close', () => (endlessClosed = true));
          return more();
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // Connections to a peer are kept open between requests.
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('posts the question with the headers given and reads the JSON answer', async () => {
    const reply = await askPeer(`${base}/graphql`, { authorization: 'Bearer for-this-source' }, '{"query":"{ ok }"}', {
      timeoutMs: 2_000,
    });
    expect(reply).toEqual({ kind: 'answer', status: 200, json: true, text: '{"data":{"ok":true}}' });
    expect(seen.at(-1)).toEqual({ path: '/graphql', authorization: 'Bearer for-this-source', body: '{"query":"{ ok }"}' });
  });

  it('gives up at the end of the budget', async () => {
    expect(await askPeer(`${base}/slow`, {}, '{}', { timeoutMs: 200 })).toEqual({ kind: 'timeout' });
  });

  it('stops reading an answer longer than allowed, and does not read it to the end first', async () => {
    expect(await askPeer(`${base}/endless`, {}, '{}', { timeoutMs: 5_000, maxBytes: 1024 * 1024 })).toEqual({ kind: 'too-large' });
    await new Promise((r) => setTimeout(r, 100));
    expect(endlessClosed).toBe(true);
  });

  it('does not follow a redirect: the redirect is the answer', async () => {
    const reply = await askPeer(`${base}/redirect`, { authorization: 'Bearer for-this-source' }, '{}', { timeoutMs: 2_000 });
    expect(reply).toMatchObject({ kind: 'answer', status: 302, json: false });
    expect(seen.some((s) => s.path === '/elsewhere')).toBe(false);
  });

  it('reports a peer nobody answers at as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await askPeer(`http://127.0.0.1:${port}/graphql`, {}, '{}', { timeoutMs: 2_000 })).toEqual({ kind: 'unreachable' });
  });
});
