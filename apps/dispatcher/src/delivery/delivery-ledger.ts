import type { DataSource } from 'typeorm';

export type Claim = 'claimed' | 'delivered' | { heldUntil: Date };

/**
 * Which events each subscription has been sent, shared by every dispatcher instance. Consumer
 * groups give at-least-once (an instance that dies before committing its position leaves the
 * events to another); the ledger turns that into once per subscription: an instance claims an
 * event for the time one delivery may take, and marks it delivered after the receiver's 2xx.
 * A claim whose holder died runs out and is taken over, so nothing claimed is lost.
 */
export class DeliveryLedger {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a claim holds: longer than one delivery attempt may take. */
    private readonly leaseMs: number,
  ) {}

  async claim(subscriptionId: string, eventId: string): Promise<Claim> {
    const claimed = (await this.dataSource.query(
      `INSERT INTO dispatcher.delivery (subscription_id, event_id, claimed_until)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (subscription_id, event_id) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
         WHERE dispatcher.delivery.delivered_at IS NULL AND dispatcher.delivery.claimed_until < clock_timestamp()
       RETURNING 1`,
      [subscriptionId, eventId, this.leaseMs],
    )) as unknown[];
    if (claimed.length > 0) return 'claimed';
    const [row] = (await this.dataSource.query(
      'SELECT delivered_at, claimed_until FROM dispatcher.delivery WHERE subscription_id = $1 AND event_id = $2',
      [subscriptionId, eventId],
    )) as Array<{ delivered_at: Date | null; claimed_until: Date }>;
    if (!row || row.delivered_at) return 'delivered';
    return { heldUntil: row.claimed_until };
  }

  async delivered(subscriptionId: string, eventId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE dispatcher.delivery SET delivered_at = clock_timestamp() WHERE subscription_id = $1 AND event_id = $2',
      [subscriptionId, eventId],
    );
  }

  /** A failed attempt gives the event up at once, so the next attempt (here or elsewhere) need not wait. */
  async release(subscriptionId: string, eventId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE dispatcher.delivery SET claimed_until = clock_timestamp() WHERE subscription_id = $1 AND event_id = $2 AND delivered_at IS NULL',
      [subscriptionId, eventId],
    );
  }

  /**
   * Delivers an event once for this subscription: waits while another instance holds it, skips it
   * when it was delivered, and otherwise runs `send` under a claim.
   */
  async once(subscriptionId: string, eventId: string, send: () => Promise<unknown>): Promise<'sent' | 'already delivered'> {
    for (;;) {
      const claim = await this.claim(subscriptionId, eventId);
      if (claim === 'delivered') return 'already delivered';
      if (claim === 'claimed') break;
      await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(50, claim.heldUntil.getTime() - Date.now()))));
    }
    try {
      await send();
    } catch (e) {
      await this.release(subscriptionId, eventId).catch(() => undefined);
      throw e;
    }
    await this.delivered(subscriptionId, eventId);
    return 'sent';
  }
}
