/** What the plein needs from an event log; Kafka and the embedded log both provide it. */
export interface OutgoingRecord {
  topic: string;
  /** Records with one key land in one partition, in order (the event subject). */
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

export interface DeliveredRecord extends Required<OutgoingRecord> {
  partition: number;
  offset: number;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Called once per record, in order per partition; a throw is retried, then dead-lettered. */
  handle(record: DeliveredRecord): Promise<void>;
  /** Attempts before a record goes to the dead letters and the partition moves on. */
  maxAttempts?: number;
}

export interface RunningConsumer {
  /** Partitions this member holds now, as "topic/partition". */
  assignment(): string[];
  stop(): Promise<void>;
}

export interface EventTransport {
  ensureTopic(name: string, partitions: number): Promise<void>;
  send(records: OutgoingRecord[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<RunningConsumer>;
  close(): Promise<void>;
}
