import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsentClient, type DecisionQuery } from './consent-client.js';

/**
 * A consent service on loopback that answers the client's GraphQL question and counts the
 * questions. Its answers can be held back, to have views miss the cache while one is on its way.
 */
class ConsentServiceOnLoopback {
  questions: Array<{ bsns: string[]; authorization: string | undefined }> = [];
  permit = true;
  private held: Array<() => void> | undefined;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { variables } = JSON.parse(body) as { variables: { bsns: string[] } };
        this.questions.push({ bsns: variables.bsns, authorization: req.headers.authorization });
        // The answer is what holds at the moment of asking, as at the real service.
        const permit = this.permit;
        const answer = () =>
          res.setHeader('content-type', 'application/json').end(
            JSON.stringify({
              data: {
                consentDecisions: variables.bsns.map((bsn) =>
                  permit
                    ? { bsn, permit: true, basis: 'consent:c-1', reason: null, until: null }
                    : { bsn, permit: false, basis: null, reason: 'no consent', until: null },
                ),
              },
            }),
          );
        if (this.held) this.held.push(answer);
        else answer();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/graphql`;
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const answer of held) answer();
  }

  async waitForQuestions(n: number): Promise<void> {
    while (this.questions.length < n) await new Promise((r) => setTimeout(r, 5));
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()));
  }
}

const HOUSEHOLD: DecisionQuery = {
  org: '00000001002220647000',
  bsns: ['111222333', '123456782'],
  purpose: 'schuldhulpverlening',
  category: 'income',
  source: 'uwv',
};

describe('consent decisions asked for many views at once', () => {
  const service = new ConsentServiceOnLoopback();
  let client: ConsentClient;
  beforeAll(() => service.start());
  afterAll(() => service.stop());
  beforeEach(() => {
    service.questions = [];
    service.permit = true;
    client = new ConsentClient(
      { consentUrl: service.url, ttlMs: 60_000, timeoutMs: 2_000 },
      async (authorization) => `${authorization}-for-consent`,
    );
  });

  it('asks the consent service once when eight views miss the cache together, and gives each the answer', async () => {
    service.hold();
    const views = Array.from({ length: 8 }, (_, i) => client.decide(`Bearer caseworker-${i}`, HOUSEHOLD));
    await service.waitForQuestions(1);
    service.release();
    for (const decided of await Promise.all(views)) {
      expect([...decided.values()]).toEqual([
        { permit: true, basis: 'consent:c-1' },
        { permit: true, basis: 'consent:c-1' },
      ]);
    }
    expect(service.questions).toHaveLength(1);
    // Answered, it is cached: the next view asks nobody.
    await client.decide('Bearer caseworker-9', HOUSEHOLD);
    expect(service.questions).toHaveLength(1);
  });

  it('never hands a view that began after a revocation the answer asked for before it', async () => {
    service.hold();
    const before = client.decide('Bearer caseworker-1', HOUSEHOLD);
    await service.waitForQuestions(1);
    // The resident revokes; the revocation event reaches this source while the question is out.
    service.permit = false;
    client.invalidate(HOUSEHOLD.org);
    const after = client.decide('Bearer caseworker-2', HOUSEHOLD);
    await service.waitForQuestions(2);
    service.release();
    expect((await before).get('111222333')).toEqual({ permit: true, basis: 'consent:c-1' });
    expect((await after).get('111222333')).toEqual({ permit: false, reason: 'no consent' });
    // Only the answer asked for after the revocation is kept.
    expect((await client.decide('Bearer caseworker-3', HOUSEHOLD)).get('111222333')?.permit).toBe(false);
    expect(service.questions).toHaveLength(2);
  });

  it('does not pass one caller’s failure to another who joined its question: that one asks itself', async () => {
    service.hold();
    // The first caller's credential cannot be exchanged, after a moment: its question is unanswered.
    const unusable = new ConsentClient({ consentUrl: service.url, ttlMs: 60_000, timeoutMs: 2_000 }, async (authorization) => {
      await new Promise((r) => setTimeout(r, 50));
      if (authorization === 'Bearer unusable') throw new Error('exchange refused');
      return `${authorization}-for-consent`;
    });
    const failing = unusable.decide('Bearer unusable', HOUSEHOLD);
    const joining = unusable.decide('Bearer caseworker-1', HOUSEHOLD);
    const failed = await failing;
    expect(failed.get('111222333')).toMatchObject({ permit: false, unknown: true });
    await service.waitForQuestions(1);
    service.release();
    expect((await joining).get('111222333')).toEqual({ permit: true, basis: 'consent:c-1' });
    expect(service.questions).toEqual([{ bsns: HOUSEHOLD.bsns, authorization: 'Bearer caseworker-1-for-consent' }]);
  });

  it('asks only for the residents not already decided or being asked about', async () => {
    await client.decide('Bearer caseworker-1', { ...HOUSEHOLD, bsns: ['111222333'] });
    service.hold();
    const partly = client.decide('Bearer caseworker-2', { ...HOUSEHOLD, bsns: ['111222333', '123456782'] });
    const joining = client.decide('Bearer caseworker-3', { ...HOUSEHOLD, bsns: ['123456782', '999999990'] });
    await service.waitForQuestions(3);
    service.release();
    expect([...(await partly).keys()].sort()).toEqual(['111222333', '123456782']);
    expect([...(await joining).keys()].sort()).toEqual(['123456782', '999999990']);
    expect(service.questions.map((q) => q.bsns)).toEqual([['111222333'], ['123456782'], ['999999990']]);
  });
});
