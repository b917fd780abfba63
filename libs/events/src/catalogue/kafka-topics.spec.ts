import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { EventTypes, TOPIC_PARTITIONS, topicsOf } from './event-types.js';

describe('deploy/kafka/create-topics.sh', () => {
  const script = readFileSync('deploy/kafka/create-topics.sh', 'utf8');

  it('creates exactly the topics of the event catalogue', () => {
    const listed = /for topic in ([^;]+);/.exec(script)![1]!.trim().split(/\s+/);
    expect(listed.sort()).toEqual(topicsOf(Object.values(EventTypes)).sort());
  });

  it('with the partition count the apps use', () => {
    expect(script).toContain(`--partitions ${TOPIC_PARTITIONS}`);
  });
});
