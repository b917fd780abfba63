import { randomUUID } from 'node:crypto';
import { ErrorCode } from './wire.js';

export interface JoinRequest {
  groupId: string;
  memberId: string;
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Array<{ name: string; metadata: Buffer }>;
}

export interface JoinResponse {
  error: number;
  generation: number;
  protocol: string;
  leader: string;
  memberId: string;
  members: Array<{ memberId: string; metadata: Buffer }>;
}

interface Member {
  id: string;
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: Array<{ name: string; metadata: Buffer }>;
  lastSeen: number;
  assignment: Buffer;
  joining?: (r: JoinResponse) => void;
  syncing?: (r: { error: number; assignment: Buffer }) => void;
}

type State = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

/**
 * A consumer group as Kafka's group coordinator runs it: a rebalance waits until every known
 * member has joined again (or the rebalance timeout drops the ones that did not), the leader
 * receives the members and hands out the assignment through SyncGroup, members that stop
 * heartbeating are removed after their session timeout, and committed offsets outlive members.
 */
export class Group {
  state: State = 'Empty';
  generation = 0;
  protocolType = '';
  protocol = '';
  leader = '';
  readonly members = new Map<string, Member>();
  readonly offsets = new Map<string, { offset: bigint; metadata: string | null }>();
  private rebalanceTimer: NodeJS.Timeout | undefined;

  constructor(readonly id: string) {}

  join(req: JoinRequest): Promise<JoinResponse> {
    const fail = (error: number) =>
      Promise.resolve({ error, generation: -1, protocol: '', leader: '', memberId: req.memberId, members: [] });
    if (this.members.size > 0 && req.protocolType !== this.protocolType) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (this.members.size > 0 && !this.commonProtocol([...this.members.values()].map((m) => m.protocols).concat([req.protocols])))
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    let member: Member | undefined;
    if (req.memberId === '') {
      member = {
        id: `${req.clientId}-${randomUUID()}`,
        clientId: req.clientId,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocols: req.protocols,
        lastSeen: Date.now(),
        assignment: Buffer.alloc(0),
      };
      this.members.set(member.id, member);
    } else {
      member = this.members.get(req.memberId);
      if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      member.protocols = req.protocols;
      member.lastSeen = Date.now();
    }
    this.protocolType = req.protocolType;
    const joined = member;
    const answer = new Promise<JoinResponse>((resolve) => (joined.joining = resolve));
    if (this.state !== 'PreparingRebalance') this.prepareRebalance();
    this.maybeCompleteJoin();
    return answer;
  }

  sync(memberId: string, generation: number, assignments: Array<{ memberId: string; assignment: Buffer }>) {
    const member = this.members.get(memberId);
    if (!member) return Promise.resolve({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    if (generation !== this.generation) return Promise.resolve({ error: ErrorCode.ILLEGAL_GENERATION, assignment: Buffer.alloc(0) });
    if (this.state === 'PreparingRebalance')
      return Promise.resolve({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
    member.lastSeen = Date.now();
    if (this.state === 'Stable') return Promise.resolve({ error: ErrorCode.NONE, assignment: member.assignment });
    const answer = new Promise<{ error: number; assignment: Buffer }>((resolve) => (member.syncing = resolve));
    if (memberId === this.leader) {
      for (const m of this.members.values()) m.assignment = assignments.find((a) => a.memberId === m.id)?.assignment ?? Buffer.alloc(0);
      this.state = 'Stable';
      for (const m of this.members.values()) {
        m.syncing?.({ error: ErrorCode.NONE, assignment: m.assignment });
        m.syncing = undefined;
      }
    }
    return answer;
  }

  /** DescribeGroups' view of the group. */
  describe() {
    return {
      state: this.state,
      protocolType: this.protocolType,
      protocol: this.state === 'Stable' ? this.protocol : '',
      members: [...this.members.values()].map((m) => ({
        id: m.id,
        clientId: m.clientId,
        metadata: m.protocols.find((p) => p.name === this.protocol)?.metadata ?? Buffer.alloc(0),
        assignment: m.assignment,
      })),
    };
  }

  heartbeat(memberId: string, generation: number): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generation !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    member.lastSeen = Date.now();
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(memberId: string): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.remove(member);
    return ErrorCode.NONE;
  }

  /** Commits from the group's current generation only (or from outside any group, generation -1). */
  commitAllowed(memberId: string, generation: number): number {
    if (generation < 0 && memberId === '') return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    if (!this.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generation !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    this.members.get(memberId)!.lastSeen = Date.now();
    return ErrorCode.NONE;
  }

  expireSessions(now: number): void {
    for (const m of [...this.members.values()]) {
      if (!m.joining && now - m.lastSeen > m.sessionTimeoutMs) this.remove(m);
    }
  }

  /** Connections are gone (a broker restart): answers in flight can no longer be delivered. */
  forgetPendingAnswers(): void {
    for (const m of this.members.values()) {
      m.joining = undefined;
      m.syncing = undefined;
    }
  }

  private remove(member: Member): void {
    this.members.delete(member.id);
    member.syncing?.({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
    if (this.members.size === 0) {
      clearTimeout(this.rebalanceTimer);
      this.state = 'Empty';
      this.generation++;
      this.leader = '';
      return;
    }
    if (this.state === 'PreparingRebalance') this.maybeCompleteJoin();
    else this.prepareRebalance();
  }

  private prepareRebalance(): void {
    // Members waiting for their assignment must join again.
    for (const m of this.members.values()) {
      m.syncing?.({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
      m.syncing = undefined;
    }
    this.state = 'PreparingRebalance';
    const timeout = Math.max(...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = setTimeout(() => {
      for (const m of [...this.members.values()]) if (!m.joining) this.members.delete(m.id);
      this.completeJoin();
    }, timeout);
    this.rebalanceTimer.unref();
  }

  private maybeCompleteJoin(): void {
    if (this.state === 'PreparingRebalance' && [...this.members.values()].every((m) => m.joining)) this.completeJoin();
  }

  private completeJoin(): void {
    clearTimeout(this.rebalanceTimer);
    this.generation++;
    const members = [...this.members.values()];
    if (members.length === 0) {
      this.state = 'Empty';
      this.leader = '';
      return;
    }
    this.protocol = this.commonProtocol(members.map((m) => m.protocols))!;
    if (!this.members.has(this.leader)) this.leader = members[0]!.id;
    this.state = 'CompletingRebalance';
    for (const m of members) {
      const answer = m.joining!;
      m.joining = undefined;
      m.lastSeen = Date.now();
      answer({
        error: ErrorCode.NONE,
        generation: this.generation,
        protocol: this.protocol,
        leader: this.leader,
        memberId: m.id,
        members:
          m.id === this.leader
            ? members.map((x) => ({ memberId: x.id, metadata: x.protocols.find((p) => p.name === this.protocol)!.metadata }))
            : [],
      });
    }
  }

  /** The first protocol, in the first member's order of preference, that every member supports. */
  private commonProtocol(all: Array<Array<{ name: string }>>): string | undefined {
    return all[0]?.map((p) => p.name).find((name) => all.every((ps) => ps.some((p) => p.name === name)));
  }
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const g of this.groups.values()) g.expireSessions(now);
    }, 100);
    this.sweeper.unref();
  }

  group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = new Group(id)));
    return g;
  }

  /** The group's members now, for tests that watch a rebalance. */
  membersOf(id: string): string[] {
    return [...(this.groups.get(id)?.members.keys() ?? [])];
  }

  forgetPendingAnswers(): void {
    for (const g of this.groups.values()) g.forgetPendingAnswers();
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
