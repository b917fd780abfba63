/**
 * Kafka's primitive wire types, for the non-flexible request and response versions the test
 * broker speaks (https://kafka.apache.org/protocol): big-endian integers, int16-prefixed
 * strings, int32-prefixed bytes and arrays, -1 for null.
 */
export class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  int8(): number {
    const v = this.buf.readInt8(this.at);
    this.at += 1;
    return v;
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    const v = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return v;
  }
  string(): string {
    const v = this.nullableString();
    if (v === null) throw new Error('a required string was null');
    return v;
  }
  nullableBytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n < 0) return null;
    return Array.from({ length: n }, () => item(this));
  }
  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }
}

export class Writer {
  private readonly parts: Buffer[] = [];

  private fixed(size: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(size);
    write(b);
    this.parts.push(b);
    return this;
  }
  int8(v: number): this {
    return this.fixed(1, (b) => b.writeInt8(v));
  }
  int16(v: number): this {
    return this.fixed(2, (b) => b.writeInt16BE(v));
  }
  int32(v: number): this {
    return this.fixed(4, (b) => b.writeInt32BE(v));
  }
  int64(v: bigint | number): this {
    return this.fixed(8, (b) => b.writeBigInt64BE(BigInt(v)));
  }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const s = Buffer.from(v);
    return this.int16(s.length).raw(s);
  }
  bytes(v: Buffer | null): this {
    if (v === null) return this.int32(-1);
    return this.int32(v.length).raw(v);
  }
  array<T>(items: readonly T[], item: (w: Writer, v: T) => void): this {
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }
  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ApiVersions: 18,
  CreateTopics: 19,
  InitProducerId: 22,
} as const;
export type ApiName = keyof typeof ApiKey;

/** The error codes the broker answers with (Kafka's numbering). */
export const ErrorCode = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REQUEST: 42,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  INVALID_PRODUCER_EPOCH: 47,
  UNKNOWN_PRODUCER_ID: 59,
} as const;
