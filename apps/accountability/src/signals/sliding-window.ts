/** One access in a window: when it happened at its source, its place in the record, its request. */
export interface Seen {
  at: number;
  id: number;
  trace: string;
}

/** The window as it stands after one access: what the rules count, and the evidence not yet given for a signal. */
export interface WindowAsOf {
  /** Accesses in the window. */
  readonly count: number;
  /** Requests in the window (one request logged at several sources is one). */
  readonly requests: number;
  /**
   * Record ids in the window not yet given as evidence for this signal key; they are given now.
   * The first time for a key (or a new key: the next day) that is the whole window.
   */
  evidenceFor(signalKey: string): number[];
}

/**
 * The accesses of one person (or one person and one resident) in a sliding window of event time.
 * Adding an access and counting what the window holds cost the same however full it is: a
 * compromised account opening households as fast as it can must not make the record's rules
 * slower per access, or its signals fall behind exactly when they matter (the window was an
 * array copied and counted at every access, and each signal's whole window went back to the
 * database as evidence at every hand-over: ADR 0018).
 */
export class SlidingWindow {
  private seen: Seen[] = [];
  /** Where the window starts in `seen`; what lies before it has fallen out and is compacted away. */
  private first = 0;
  /** Accesses compacted away: `compacted + index` is an access's arrival number. */
  private compacted = 0;
  private readonly perRequest = new Map<string, number>();
  private given: { key: string; upTo: number } | undefined;

  /**
   * Adds the access, drops what fell out of the window ending at it, and returns the window as it
   * now stands. Sources hand over in their own rhythm, so an access may arrive after one that
   * happened a moment later: that one stays counted. Counting only what happened before each
   * access would let two such accesses miss each other — neither would ever be counted with the
   * other — and would mean copying the window at every access.
   */
  add(access: Seen, ms: number): WindowAsOf {
    this.seen.push(access);
    this.perRequest.set(access.trace, (this.perRequest.get(access.trace) ?? 0) + 1);
    this.expire(access.at - ms);
    const arrived = this.compacted + this.seen.length;
    return {
      count: this.seen.length - this.first,
      requests: this.perRequest.size,
      evidenceFor: (key) => this.give(key, arrived),
    };
  }

  /**
   * Requests in the window after `from`, for comparing colleagues at another's moment. When its
   * oldest access is after `from`, so is all of it (hand-overs reorder accesses by well under a
   * second, against windows of minutes).
   */
  requestsAfter(from: number): number {
    if (this.first >= this.seen.length) return 0;
    if (this.seen[this.first]!.at > from) return this.perRequest.size;
    return new Set(
      this.seen
        .slice(this.first)
        .filter((s) => s.at > from)
        .map((s) => s.trace),
    ).size;
  }

  private give(key: string, upTo: number): number[] {
    const after = this.given?.key === key ? this.given.upTo : 0;
    const ids: number[] = [];
    for (let i = Math.max(this.first, after - this.compacted); i < upTo - this.compacted; i++) ids.push(this.seen[i]!.id);
    this.given = { key, upTo };
    return ids;
  }

  private expire(from: number): void {
    while (this.first < this.seen.length && this.seen[this.first]!.at <= from) {
      const trace = this.seen[this.first]!.trace;
      const left = (this.perRequest.get(trace) ?? 1) - 1;
      if (left === 0) this.perRequest.delete(trace);
      else this.perRequest.set(trace, left);
      this.first++;
    }
    if (this.first > 1024 && this.first * 2 > this.seen.length) {
      this.compacted += this.first;
      this.seen = this.seen.slice(this.first);
      this.first = 0;
    }
  }
}
