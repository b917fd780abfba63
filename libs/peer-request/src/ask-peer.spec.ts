import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deadPort, misbehavingPeer, type MisbehavingPeer } from '../../../tests/support/misbehaving-peer.js';
import { askPeer } from './ask-peer.js';

/** For questions that should end another way than by running out of time: generous on a busy machine. */
const ANSWER_BUDGET_MS = 10_000;

describe('asking a peer', () => {
  let peer: MisbehavingPeer;
  beforeAll(async () => {
    peer = await misbehavingPeer({ contentType: 'application/json; charset=utf-8', body: '{"data":{"ok":true}}' });
  });
  afterAll(() => peer.close());

  it('posts the question with the headers given and reads the JSON answer', async () => {
    const reply = await askPeer(`${peer.base}/graphql`, { authorization: 'Bearer for-this-source' }, '{"query":"{ ok }"}', {
      timeoutMs: ANSWER_BUDGET_MS,
    });
    expect(reply).toEqual({ kind: 'answer', status: 200, json: true, text: '{"data":{"ok":true}}' });
    expect(peer.seen.at(-1)).toEqual({ path: '/graphql', authorization: 'Bearer for-this-source', body: '{"query":"{ ok }"}' });
  });

  it('gives up at the end of the budget', async () => {
    // The stalling peer answers after 3 s.
    expect(await askPeer(`${peer.base}/slow`, {}, '{}', { timeoutMs: 200 })).toEqual({ kind: 'timeout' });
  });

  it('stops reading an answer longer than allowed, and does not read it to the end first', async () => {
    expect(await askPeer(`${peer.base}/endless`, {}, '{}', { timeoutMs: ANSWER_BUDGET_MS, maxBytes: 1024 * 1024 })).toEqual({
      kind: 'too-large',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.endlessClosed()).toBe(true);
  });

  it('does not follow a redirect: the redirect is the answer', async () => {
    const reply = await askPeer(`${peer.base}/redirect`, { authorization: 'Bearer for-this-source' }, '{}', {
      timeoutMs: ANSWER_BUDGET_MS,
    });
    expect(reply).toMatchObject({ kind: 'answer', status: 302, json: false });
    expect(peer.seen.some((s) => s.path === '/elsewhere')).toBe(false);
  });

  it('reports a peer nobody answers at as unreachable', async () => {
    expect(await askPeer(`http://127.0.0.1:${await deadPort()}/graphql`, {}, '{}', { timeoutMs: ANSWER_BUDGET_MS })).toEqual({
      kind: 'unreachable',
    });
  });
});
