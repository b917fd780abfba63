import { TOPIC_PARTITIONS, type DeliveredRecord, type EventTransport, type PleinEvent, type RunningConsumer } from '@plein/events';
import { eventFromRecord } from './webhook-delivery.js';
import { mayHear } from './webhook-subscription.js';

/** Attempts the log makes when the gate or the topic cannot be written, before it sets the record aside. */
const ATTEMPTS = 8;

/**
 * Fills one topic per organisation with a Kafka subscription, `integrator.<OIN>`, with what that
 * organisation may hear — on the same rule as a webhook (mayHear: the plein's own events about a
 * resident only for their grantee, published events about a resident only on a basis, logged).
 * Integrators read only their own topic (deploy/kafka ACLs); the plein's topics stay the plein's.
 * One consumer group per organisation (`route:<OIN>`); several dispatcher instances share it.
 */
export class KafkaRouter {
  private readonly running = new Map<string, RunningConsumer>();

  constructor(
    private readonly log: EventTransport,
    private readonly topics: string[],
    private readonly admit: (org: string, event: PleinEvent) => Promise<boolean>,
  ) {}

  static topicOf(org: string): string {
    return `integrator.${org}`;
  }

  static groupOf(org: string): string {
    return `route:${org}`;
  }

  /** Routes for an organisation from now on (a group that has a position keeps it). */
  async add(org: string): Promise<void> {
    if (this.running.has(org)) return;
    await this.log.ensureTopic(KafkaRouter.topicOf(org), TOPIC_PARTITIONS);
    await this.log.startAtEnd(KafkaRouter.groupOf(org), this.topics);
    const consumer = await this.log.consume({
      groupId: KafkaRouter.groupOf(org),
      topics: this.topics,
      maxAttempts: ATTEMPTS,
      handle: (record) => this.route(org, record),
    });
    this.running.set(org, consumer);
  }

  routedOrgs(): string[] {
    return [...this.running.keys()];
  }

  async remove(org: string): Promise<void> {
    await this.running.get(org)?.stop();
    this.running.delete(org);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((org) => this.remove(org)));
  }

  private async route(org: string, record: DeliveredRecord): Promise<void> {
    if (!(await mayHear(org, eventFromRecord(record), this.admit))) return;
    await this.log.send([{ topic: KafkaRouter.topicOf(org), key: record.key, value: record.value, headers: record.headers }]);
  }
}
