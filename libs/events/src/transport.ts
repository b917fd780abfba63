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

export interface DeadLetter {
  id: number;
  topic: string;
  partition: number;
  offset: number;
  error: string;
  attempts: number;
}

export interface EventTransport {
  ensureTopic(name: string, partitions: number): Promise<void>;
  /** Accepted once it resolves: durably written, in order per key. */
  send(records: OutgoingRecord[]): Promise<void>;
  /** A group without a committed position starts at the beginning of the topics. */
  consume(options: ConsumerOptions): Promise<RunningConsumer>;
  /** Places a group that has no position yet at the current end, so it receives only what comes next. */
  startAtEnd(groupId: string, topics: string[]): Promise<void>;
  /** Replay: sets a group's position on one partition. Only while the group is not consuming. */
  seek(groupId: string, topic: string, partition: number, offset: number): Promise<void>;
  /** Replay: sets a group's position to the first record appended at or after `time`. Only while the group is not consuming. */
  seekToTime(groupId: string, topics: string[], time: Date): Promise<void>;
  deadLetters(groupId: string): Promise<DeadLetter[]>;
  /** Delivers a dead letter once more; it leaves the dead letters when that succeeds. */
  redeliver(groupId: string, deadLetterId: number, handle: (record: DeliveredRecord) => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}
