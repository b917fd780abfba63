import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { asyncApiDocument } from './asyncapi.js';
import { EventTypes } from './event-types.js';

describe('the AsyncAPI document', () => {
  it('in docs/asyncapi.json is exactly what the event catalogue generates (npm run asyncapi:export)', () => {
    expect(JSON.parse(readFileSync('docs/asyncapi.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });

  it('describes every event type the plein publishes, on its topic', () => {
    const doc = asyncApiDocument();
    for (const t of Object.values(EventTypes)) {
      const channel = Object.values(doc.channels).find((c) => (c as { address: string }).address === t.topic);
      expect(channel).toBeDefined();
      expect(Object.values(doc.components.messages).map((m) => (m as { name: string }).name)).toContain(t.type);
    }
  });
});
