import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { GroupCoordinator } from './group-coordinator.js';
import { PartitionLog } from './partition-log.js';
import { ApiKey, ErrorCode, Reader, Writer, type ApiName } from './wire.js';

export interface TestBrokerOptions {
  /** 0 picks a free port; a restart keeps the port it got. */
  port?: number;
  /** Partitions of a topic that a producer or consumer names before anyone created it. */
  autoCreatePartitions?: number;
  autoCreateTopics?: boolean;
}

/**
 * The request versions the broker speaks: non-flexible ones that cover what kafkajs 2.x needs,
 * including record batches v2 (Produce v3, Fetch v4) and the idempotent producer.
 */
const VERSIONS: Record<ApiName, [number, number]> = {
  Produce: [3, 3],
  Fetch: [4, 4],
  ListOffsets: [0, 1],
  Metadata: [0, 1],
  OffsetCommit: [2, 2],
  OffsetFetch: [1, 1],
  FindCoordinator: [0, 1],
  JoinGroup: [0, 1],
  Heartbeat: [0, 0],
  LeaveGroup: [0, 0],
  SyncGroup: [0, 0],
  DescribeGroups: [0, 0],
  ApiVersions: [0, 2],
  CreateTopics: [0, 0],
  InitProducerId: [0, 0],
};
const NAMES = new Map(Object.entries(ApiKey).map(([name, key]) => [key, name as ApiName]));
const NODE_ID = 0;

interface Request {
  api: ApiName;
  version: number;
  correlationId: number;
  clientId: string | null;
  body: Reader;
}

/** Faults a test switches on; each applies to the requests that arrive after it is set. */
class Faults {
  delayMs = 0;
  private readonly errors = new Map<ApiName, Array<{ code: number }>>();
  private readonly drops = new Map<ApiName, Array<'before' | 'after'>>();

  /** Answer the next `times` requests of this API with a (retriable) error code. */
  failNext(api: ApiName, code: number, times = 1): void {
    this.errors.set(api, [...(this.errors.get(api) ?? []), ...Array.from({ length: times }, () => ({ code }))]);
  }
  /** Close the connection on the next request of this API, before the broker acts on it or after it did but before it answers. */
  dropNext(api: ApiName, when: 'before' | 'after' = 'before'): void {
    this.drops.set(api, [...(this.drops.get(api) ?? []), when]);
  }
  /** Injected errors and drops not yet hit: a test checks its faults really happened. */
  pending(): number {
    return [...this.errors.values(), ...this.drops.values()].reduce((n, list) => n + list.length, 0);
  }
  clear(): void {
    this.delayMs = 0;
    this.errors.clear();
    this.drops.clear();
  }
  takeError(api: ApiName): number | undefined {
    return this.errors.get(api)?.shift()?.code;
  }
  takeDrop(api: ApiName): 'before' | 'after' | undefined {
    return this.drops.get(api)?.shift();
  }
}

/**
 * A Kafka-protocol broker on loopback for tests: one node that leads every partition and
 * coordinates every group, keeping record batches as producers sent them. Not a production
 * component; it exists so the plein's Kafka transport runs against the real kafkajs client on
 * a machine where no Kafka can be installed.
 */
export class TestKafkaBroker {
  readonly faults = new Faults();
  /** Requests seen, by API, for tests that check what the client did. */
  readonly requests = new Map<ApiName, number>();
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly coordinator = new GroupCoordinator();
  private readonly producers = new Map<bigint, number>();
  private nextProducerId = 1000n;
  private readonly appended = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly options: Required<TestBrokerOptions>) {
    this.appended.setMaxListeners(0);
  }

  static async start(options: TestBrokerOptions = {}): Promise<TestKafkaBroker> {
    const broker = new TestKafkaBroker({ port: 0, autoCreatePartitions: 3, autoCreateTopics: true, ...options });
    await broker.listen(options.port ?? 0);
    return broker;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Records written to a topic (all partitions), as the broker stored them. */
  recordCount(topic: string): number {
    return (this.topics.get(topic) ?? []).reduce((n, p) => n + p.recordCount, 0);
  }

  groupMembers(groupId: string): string[] {
    return this.coordinator.membersOf(groupId);
  }

  /** Closes every client connection now, as a network fault would. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Stops and starts again on the same port, keeping topics, records, offsets and producer state. */
  async restart(downForMs = 0): Promise<void> {
    await this.closeServer();
    this.coordinator.forgetPendingAnswers();
    if (downForMs > 0) await new Promise((r) => setTimeout(r, downForMs));
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.closeServer();
    this.coordinator.close();
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropConnections();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Requests on one connection are answered one at a time, in order, as Kafka does. */
  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        queue = queue.then(() => this.serve(socket, frame)).catch(() => void socket.destroy());
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async serve(socket: Socket, frame: Buffer): Promise<void> {
    if (socket.destroyed) return;
    const r = new Reader(frame);
    const apiKey = r.int16();
    const version = r.int16();
    const correlationId = r.int32();
    const clientId = r.nullableString();
    const api = NAMES.get(apiKey as (typeof ApiKey)[ApiName]);
    const respond = (body: Buffer) => {
      if (socket.destroyed) return;
      const header = new Writer().int32(correlationId).toBuffer();
      socket.write(
        new Writer()
          .int32(header.length + body.length)
          .raw(header)
          .raw(body)
          .toBuffer(),
      );
    };
    if (!api || version < VERSIONS[api][0] || version > VERSIONS[api][1]) {
      // Kafka answers an ApiVersions it does not know with UNSUPPORTED_VERSION in a v0 body, so
      // the client can retry lower; any other unknown request closes the connection.
      if (apiKey === ApiKey.ApiVersions) return respond(this.apiVersions(0, ErrorCode.UNSUPPORTED_VERSION));
      socket.destroy();
      return;
    }
    this.requests.set(api, (this.requests.get(api) ?? 0) + 1);
    const drop = this.faults.takeDrop(api);
    if (drop === 'before') return void socket.destroy();
    const injected = this.faults.takeError(api);
    const body = await this.handle({ api, version, correlationId, clientId, body: r }, injected);
    if (drop === 'after') return void socket.destroy();
    if (this.faults.delayMs > 0) await new Promise((res) => setTimeout(res, this.faults.delayMs));
    respond(body);
  }

  private handle(req: Request, injected: number | undefined): Promise<Buffer> | Buffer {
    switch (req.api) {
      case 'ApiVersions':
        return this.apiVersions(req.version, injected ?? ErrorCode.NONE);
      case 'Metadata':
        return this.metadata(req, injected);
      case 'CreateTopics':
        return this.createTopics(req, injected);
      case 'InitProducerId':
        return this.initProducerId(injected);
      case 'Produce':
        return this.produce(req, injected);
      case 'Fetch':
        return this.fetch(req, injected);
      case 'ListOffsets':
        return this.listOffsets(req, injected);
      case 'FindCoordinator':
        return this.findCoordinator(req, injected);
      case 'JoinGroup':
        return this.joinGroup(req, injected);
      case 'SyncGroup':
        return this.syncGroup(req, injected);
      case 'Heartbeat':
        return this.heartbeat(req, injected);
      case 'LeaveGroup':
        return this.leaveGroup(req, injected);
      case 'OffsetCommit':
        return this.offsetCommit(req, injected);
      case 'OffsetFetch':
        return this.offsetFetch(req, injected);
      case 'DescribeGroups':
        return this.describeGroups(req, injected);
    }
  }

  private apiVersions(version: number, error: number): Buffer {
    const w = new Writer().int16(error).array(Object.entries(VERSIONS), (w, [name, [min, max]]) => {
      w.int16(ApiKey[name as ApiName])
        .int16(min)
        .int16(max);
    });
    if (version >= 1) w.int32(0);
    return w.toBuffer();
  }

  private ensureTopic(name: string, partitions: number): PartitionLog[] {
    let logs = this.topics.get(name);
    if (!logs) this.topics.set(name, (logs = Array.from({ length: partitions }, () => new PartitionLog())));
    return logs;
  }

  private partitionOf(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.[partition];
  }

  private metadata(req: Request, injected: number | undefined): Buffer {
    const asked = req.body.nullableArray((r) => r.string());
    // v0 asks for every topic with an empty list, v1 with null.
    const names = asked === null || (req.version === 0 && asked.length === 0) ? [...this.topics.keys()] : asked;
    if (this.options.autoCreateTopics) for (const name of names) this.ensureTopic(name, this.options.autoCreatePartitions);
    const version = req.version;
    const w = new Writer().array([NODE_ID], (w) => {
      w.int32(NODE_ID).string('127.0.0.1').int32(this.port);
      if (version >= 1) w.string(null);
    });
    if (version >= 1) w.int32(NODE_ID);
    w.array(names, (w, name) => {
      const logs = this.topics.get(name);
      w.int16(logs ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).string(name);
      if (version >= 1) w.int8(0);
      w.array(
        (logs ?? []).map((_, i) => i),
        (w, i) => {
          w.int16(injected ?? ErrorCode.NONE)
            .int32(i)
            .int32(injected ? -1 : NODE_ID)
            .array([NODE_ID], (w, n) => w.int32(n))
            .array([NODE_ID], (w, n) => w.int32(n));
        },
      );
    });
    return w.toBuffer();
  }

  private createTopics(req: Request, injected: number | undefined): Buffer {
    const topics = req.body.array((r) => {
      const name = r.string();
      const partitions = r.int32();
      r.int16();
      r.array((r) => (r.int32(), r.array((r) => r.int32())));
      r.array((r) => (r.string(), r.nullableString()));
      return { name, partitions };
    });
    return new Writer()
      .array(topics, (w, t) => {
        let error: number = injected ?? ErrorCode.NONE;
        if (!injected) {
          if (this.topics.has(t.name)) error = ErrorCode.TOPIC_ALREADY_EXISTS;
          else if (t.partitions < 1) error = ErrorCode.INVALID_PARTITIONS;
          else this.ensureTopic(t.name, t.partitions);
        }
        w.string(t.name).int16(error);
      })
      .toBuffer();
  }

  private initProducerId(injected: number | undefined): Buffer {
    const w = new Writer().int32(0);
    if (injected) return w.int16(injected).int64(-1).int16(-1).toBuffer();
    const id = this.nextProducerId++;
    this.producers.set(id, 0);
    return w.int16(ErrorCode.NONE).int64(id).int16(0).toBuffer();
  }

  private produce(req: Request, injected: number | undefined): Buffer {
    const r = req.body;
    r.nullableString();
    r.int16();
    r.int32();
    const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ index: r.int32(), records: r.bytes() })) }));
    const knownProducer = (id: bigint, epoch: number) => this.producers.get(id) === epoch;
    return new Writer()
      .array(topics, (w, t) => {
        w.string(t.name).array(t.partitions, (w, p) => {
          const log = this.partitionOf(t.name, p.index);
          let result = { error: injected ?? ErrorCode.NONE, baseOffset: -1n };
          if (!injected)
            result = log ? log.append(p.records, knownProducer) : { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1n };
          if (!injected && result.error === ErrorCode.NONE) this.appended.emit('append');
          w.int32(p.index).int16(result.error).int64(result.baseOffset).int64(-1);
        });
      })
      .int32(0)
      .toBuffer();
  }

  private async fetch(req: Request, injected: number | undefined): Promise<Buffer> {
    const r = req.body;
    r.int32();
    const maxWaitMs = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8();
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), offset: r.int64(), maxBytes: r.int32() })),
    }));
    const answer = () => {
      let total = 0;
      const body = new Writer().int32(0).array(topics, (w, t) => {
        w.string(t.name).array(t.partitions, (w, p) => {
          const log = this.partitionOf(t.name, p.index);
          let error: number = injected ?? ErrorCode.NONE;
          let records: Buffer = Buffer.alloc(0);
          if (!injected) {
            if (!log) error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            else if (p.offset > log.endOffset || p.offset < 0n) error = ErrorCode.OFFSET_OUT_OF_RANGE;
            else if (total < maxBytes) records = log.read(p.offset, Math.min(p.maxBytes, maxBytes - total));
          }
          total += records.length;
          const end = log?.endOffset ?? -1n;
          w.int32(p.index)
            .int16(error)
            .int64(end)
            .int64(end)
            .array([], () => undefined)
            .bytes(records);
        });
      });
      return { body: body.toBuffer(), total };
    };
    let first = answer();
    if (first.total >= minBytes || maxWaitMs <= 0 || injected) return first.body;
    // Long poll: answer as soon as something is appended, or when the wait is over.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      const onAppend = () => {
        first = answer();
        if (first.total >= minBytes) {
          this.appended.off('append', onAppend);
          done();
        }
      };
      this.appended.on('append', onAppend);
      timer.unref();
      setTimeout(() => this.appended.off('append', onAppend), maxWaitMs).unref();
    });
    return answer().body;
  }

  private listOffsets(req: Request, injected: number | undefined): Buffer {
    const r = req.body;
    r.int32();
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const index = r.int32();
        const timestamp = r.int64();
        if (req.version === 0) r.int32(); // max_num_offsets
        return { index, timestamp };
      }),
    }));
    return new Writer()
      .array(topics, (w, t) => {
        w.string(t.name).array(t.partitions, (w, p) => {
          const log = this.partitionOf(t.name, p.index);
          const error = injected ?? (log ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          let offset = -1n;
          if (log && !injected) offset = p.timestamp === -1n ? log.endOffset : p.timestamp === -2n ? 0n : log.offsetForTime(p.timestamp);
          w.int32(p.index).int16(error);
          if (req.version === 0) w.array([offset], (w, o) => w.int64(o));
          else w.int64(-1).int64(offset);
        });
      })
      .toBuffer();
  }

  private findCoordinator(req: Request, injected: number | undefined): Buffer {
    req.body.string();
    const error = injected ?? ErrorCode.NONE;
    const w = new Writer();
    if (req.version >= 1) w.int32(0);
    w.int16(error);
    if (req.version >= 1) w.string(null);
    return w
      .int32(error ? -1 : NODE_ID)
      .string(error ? '' : '127.0.0.1')
      .int32(error ? -1 : this.port)
      .toBuffer();
  }

  private async joinGroup(req: Request, injected: number | undefined): Promise<Buffer> {
    const r = req.body;
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = req.version >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const protocolType = r.string();
    const protocols = r.array((r) => ({ name: r.string(), metadata: r.bytes() }));
    const result = injected
      ? { error: injected, generation: -1, protocol: '', leader: '', memberId, members: [] }
      : await this.coordinator.group(groupId).join({
          groupId,
          memberId,
          clientId: req.clientId ?? 'client',
          sessionTimeoutMs,
          rebalanceTimeoutMs,
          protocolType,
          protocols,
        });
    return new Writer()
      .int16(result.error)
      .int32(result.generation)
      .string(result.protocol)
      .string(result.leader)
      .string(result.memberId)
      .array(result.members, (w, m) => w.string(m.memberId).bytes(m.metadata))
      .toBuffer();
  }

  private async syncGroup(req: Request, injected: number | undefined): Promise<Buffer> {
    const r = req.body;
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    const assignments = r.array((r) => ({ memberId: r.string(), assignment: r.bytes() }));
    const result = injected
      ? { error: injected, assignment: Buffer.alloc(0) }
      : await this.coordinator.group(groupId).sync(memberId, generation, assignments);
    return new Writer().int16(result.error).bytes(result.assignment).toBuffer();
  }

  private heartbeat(req: Request, injected: number | undefined): Buffer {
    const r = req.body;
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    return new Writer().int16(injected ?? this.coordinator.group(groupId).heartbeat(memberId, generation)).toBuffer();
  }

  private leaveGroup(req: Request, injected: number | undefined): Buffer {
    const r = req.body;
    const groupId = r.string();
    const memberId = r.string();
    return new Writer().int16(injected ?? this.coordinator.group(groupId).leave(memberId)).toBuffer();
  }

  private offsetCommit(req: Request, injected: number | undefined): Buffer {
    const r = req.body;
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    r.int64();
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), offset: r.int64(), metadata: r.nullableString() })),
    }));
    const group = this.coordinator.group(groupId);
    const error = injected ?? group.commitAllowed(memberId, generation);
    return new Writer()
      .array(topics, (w, t) => {
        w.string(t.name).array(t.partitions, (w, p) => {
          if (error === ErrorCode.NONE) group.offsets.set(`${t.name}/${p.index}`, { offset: p.offset, metadata: p.metadata });
          w.int32(p.index).int16(error);
        });
      })
      .toBuffer();
  }

  private describeGroups(req: Request, injected: number | undefined): Buffer {
    const ids = req.body.array((r) => r.string());
    return new Writer()
      .array(ids, (w, id) => {
        const g = this.coordinator.group(id).describe();
        w.int16(injected ?? ErrorCode.NONE)
          .string(id)
          .string(g.state)
          .string(g.protocolType)
          .string(g.protocol)
          .array(g.members, (w, m) => w.string(m.id).string(m.clientId).string('/127.0.0.1').bytes(m.metadata).bytes(m.assignment));
      })
      .toBuffer();
  }

  private offsetFetch(req: Request, injected: number | undefined): Buffer {
    const r = req.body;
    const group = this.coordinator.group(r.string());
    const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => r.int32()) }));
    return new Writer()
      .array(topics, (w, t) => {
        w.string(t.name).array(t.partitions, (w, p) => {
          const committed = group.offsets.get(`${t.name}/${p}`);
          w.int32(p)
            .int64(committed?.offset ?? -1n)
            .string(committed?.metadata ?? '')
            .int16(injected ?? ErrorCode.NONE);
        });
      })
      .toBuffer();
  }
}
