import pg from 'pg';

/**
 * One connection that LISTENs on a Postgres channel and passes each notification's payload on.
 * A lost connection is replaced after a second; `onReconnect` then lets the owner catch up on
 * whatever was notified meanwhile (notifications are not queued for an absent listener).
 */
export class PgListener {
  private client: pg.Client | undefined;
  private closed = false;
  private readonly handlers = new Set<(payload: string) => void>();

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly applicationName: string,
    private readonly onReconnect: () => void = () => undefined,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Unsafe channel name: ${channel}`);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  on(handler: (payload: string) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: this.applicationName });
    client.on('notification', (n) => {
      if (n.channel !== this.channel) return;
      for (const handler of this.handlers) handler(n.payload ?? '');
    });
    const lost = () => {
      if (this.closed || this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  private reconnectLater(): void {
    const timer = setTimeout(() => {
      if (this.closed) return;
      this.connect().then(this.onReconnect, () => this.reconnectLater());
    }, 1_000);
    timer.unref();
  }
}
