import { ErrorCode } from './wire.js';

/** CRC-32C (Castagnoli), which record batches v2 carry over everything after their CRC field. */
const CRC32C_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c;
});
export function crc32c(buf: Buffer): number {
  let crc = -1;
  for (const byte of buf) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** The fixed header of a record batch, magic 2 (https://kafka.apache.org/documentation/#recordbatch). */
export interface BatchHeader {
  lastOffsetDelta: number;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

const HEADER_BYTES = 61;

/** Splits a produce request's record set into batches, refusing anything but valid magic-2 batches. */
export function splitBatches(records: Buffer): Array<{ bytes: Buffer; header: BatchHeader }> | { error: string } {
  const batches: Array<{ bytes: Buffer; header: BatchHeader }> = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < HEADER_BYTES) return { error: 'truncated record batch' };
    const length = records.readInt32BE(at + 8);
    const end = at + 12 + length;
    if (length < HEADER_BYTES - 12 || end > records.length) return { error: 'record batch length out of bounds' };
    const bytes = Buffer.from(records.subarray(at, end)); // a copy: the broker rewrites its base offset
    if (bytes.readInt8(16) !== 2) return { error: `record batch magic ${bytes.readInt8(16)}; only magic 2 is kept` };
    if (crc32c(bytes.subarray(21)) !== bytes.readUInt32BE(17)) return { error: 'record batch CRC mismatch' };
    batches.push({
      bytes,
      header: {
        lastOffsetDelta: bytes.readInt32BE(23),
        maxTimestamp: bytes.readBigInt64BE(35),
        producerId: bytes.readBigInt64BE(43),
        producerEpoch: bytes.readInt16BE(51),
        baseSequence: bytes.readInt32BE(53),
        recordCount: bytes.readInt32BE(57),
      },
    });
    at = end;
  }
  return batches;
}

interface StoredBatch {
  baseOffset: bigint;
  lastOffset: bigint;
  maxTimestamp: bigint;
  bytes: Buffer;
}

/** What the partition remembers of an idempotent producer: its epoch and its last batches. */
interface ProducerState {
  epoch: number;
  recent: Array<{ firstSeq: number; lastSeq: number; baseOffset: bigint }>;
}

/** Kafka keeps the metadata of a producer's last five batches per partition to spot duplicates. */
const REMEMBERED_BATCHES = 5;

export type AppendResult = { error: number; baseOffset: bigint; duplicate?: boolean; message?: string };

/** One partition: batches kept as received, offsets assigned here, sequence numbers checked. */
export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  private readonly producers = new Map<bigint, ProducerState>();
  endOffset = 0n;

  append(records: Buffer, knownProducer: (id: bigint, epoch: number) => boolean): AppendResult {
    const batches = splitBatches(records);
    if ('error' in batches) return { error: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1n, message: batches.error };
    if (batches.length === 0) return { error: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1n, message: 'empty record set' };
    // Checked for all batches first, so a request is written whole or not at all.
    for (const { header } of batches) {
      const verdict = this.checkSequence(header, knownProducer);
      if (verdict !== 'append') return verdict;
    }
    let first: bigint | undefined;
    for (const { bytes, header } of batches) {
      const baseOffset = this.endOffset;
      bytes.writeBigInt64BE(baseOffset, 0);
      bytes.writeInt32BE(0, 12); // partition leader epoch: this broker is always leader, epoch 0
      const lastOffset = baseOffset + BigInt(header.lastOffsetDelta);
      this.batches.push({ baseOffset, lastOffset, maxTimestamp: header.maxTimestamp, bytes });
      this.endOffset = lastOffset + 1n;
      first ??= baseOffset;
      if (header.producerId >= 0n) this.remember(header, baseOffset);
    }
    return { error: ErrorCode.NONE, baseOffset: first! };
  }

  private checkSequence(h: BatchHeader, knownProducer: (id: bigint, epoch: number) => boolean): 'append' | AppendResult {
    if (h.producerId < 0n) return 'append';
    if (!knownProducer(h.producerId, h.producerEpoch)) return { error: ErrorCode.UNKNOWN_PRODUCER_ID, baseOffset: -1n };
    const state = this.producers.get(h.producerId);
    if (state && h.producerEpoch < state.epoch) return { error: ErrorCode.INVALID_PRODUCER_EPOCH, baseOffset: -1n };
    const lastSeq = h.baseSequence + h.lastOffsetDelta;
    const sameEpoch = state && state.epoch === h.producerEpoch;
    const seen = sameEpoch ? state.recent.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeq) : undefined;
    if (seen) return { error: ErrorCode.NONE, baseOffset: seen.baseOffset, duplicate: true };
    const expected = sameEpoch ? state.recent.at(-1)!.lastSeq + 1 : 0;
    if (h.baseSequence !== expected)
      return {
        error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        baseOffset: -1n,
        message: `expected sequence ${expected}, got ${h.baseSequence}`,
      };
    return 'append';
  }

  private remember(h: BatchHeader, baseOffset: bigint): void {
    let state = this.producers.get(h.producerId);
    if (!state || state.epoch !== h.producerEpoch) {
      state = { epoch: h.producerEpoch, recent: [] };
      this.producers.set(h.producerId, state);
    }
    state.recent.push({ firstSeq: h.baseSequence, lastSeq: h.baseSequence + h.lastOffsetDelta, baseOffset });
    if (state.recent.length > REMEMBERED_BATCHES) state.recent.shift();
  }

  /** Whole batches from the one holding `offset` on, at least one, then up to `maxBytes`. */
  read(offset: bigint, maxBytes: number): Buffer {
    const out: Buffer[] = [];
    let size = 0;
    for (const b of this.batches) {
      if (b.lastOffset < offset) continue;
      if (out.length > 0 && size + b.bytes.length > maxBytes) break;
      out.push(b.bytes);
      size += b.bytes.length;
    }
    return Buffer.concat(out);
  }

  /** The first offset whose batch reaches `timestamp`, or -1 when none does (as Kafka answers). */
  offsetForTime(timestamp: bigint): bigint {
    return this.batches.find((b) => b.maxTimestamp >= timestamp)?.baseOffset ?? -1n;
  }

  /** Records written, counted from the batch headers (duplicates acknowledged are not here). */
  get recordCount(): number {
    return this.batches.reduce((n, b) => n + b.bytes.readInt32BE(57), 0);
  }
}
