import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { AGENCY_EVENTS_TOPIC } from './agency-event-types.js';
import { EventTypes, TOPIC_PARTITIONS, topicsOf } from './event-types.js';

describe('deploy/kafka/create-topics.sh', () => {
  const script = readFileSync('deploy/kafka/create-topics.sh', 'utf8');

  it('creates exactly the topics of the event catalogue, and the one organisations publish on', () => {
    const listed = /for topic in ([^;]+);/.exec(script)![1]!.trim().split(/\s+/);
    expect(listed.sort()).toEqual([...topicsOf(Object.values(EventTypes)), AGENCY_EVENTS_TOPIC].sort());
  });

  it('with the partition count the apps use', () => {
    expect(script).toContain(`--partitions ${TOPIC_PARTITIONS}`);
  });
});
