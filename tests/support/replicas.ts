import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './ports.js';
import { eventually } from './wait.js';

/**
 * Replicas of one app of a running plein, the way an orchestrator runs them: the app's first
 * process is replaced by two started with the same command and settings on ports of their own,
 * and a round-robin TCP balancer takes over the app's address, so everything that calls the app
 * (routing URLs, CONSENT_URL …) reaches both. Linux only: the command and settings are read from
 * /proc of the process the runtime started.
 */
export class ReplicatedApp {
  private readonly processes: Array<{ port: number; child: ChildProcess }> = [];
  /** What the replicas wrote to stdout and stderr, to say why when a test fails. */
  readonly output: string[] = [];
  private balancer: Server | undefined;
  private next = 0;
  restarts = 0;

  private constructor(
    readonly name: string,
    private readonly port: number,
    private readonly argv: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async replace(name: string, url: string, pid: number): Promise<ReplicatedApp> {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
    const env = Object.fromEntries(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
        // The runtime's IPC channel to that process is no setting of the app: a replica started
        // with its descriptor number would talk to a descriptor it does not have.
        .filter(([key]) => !key!.startsWith('NODE_CHANNEL_')),
    );
    const app = new ReplicatedApp(name, Number(new URL(url).port), argv, env);
    const ports = [await freePort(), await freePort()];
    await Promise.all(ports.map((p) => app.launch(p)));
    process.kill(pid, 'SIGKILL');
    // Its port is free only once it is gone (on a busy machine that takes a while).
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 30_000);
    await app.balance();
    return app;
  }

  /** The replicas' own addresses, to ask one of them directly. */
  urls(): string[] {
    return this.processes.map((p) => `http://127.0.0.1:${p.port}`);
  }

  /** Kills one process outright (no shutdown) and starts it again on its port. */
  async killAndRestart(index: number): Promise<void> {
    const victim = this.processes[index]!;
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    this.processes.splice(index, 1);
    await this.launch(victim.port, index);
    this.restarts++;
  }

  async stop(): Promise<void> {
    this.balancer?.close();
    for (const p of this.processes) p.child.kill('SIGTERM');
    await Promise.all(this.processes.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : undefined)));
  }

  private async launch(port: number, at = this.processes.length): Promise<void> {
    const child = spawn(process.execPath, this.argv, { env: { ...this.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) =>
      this.output.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => `[${this.name}:${port}] ${l}`),
      );
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.processes.splice(at, 0, { port, child });
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok, 180_000);
  }

  /** Each connection to the next replica in turn; a replica that refuses is passed over. */
  private async balance(): Promise<void> {
    this.balancer = createServer((client: Socket) => {
      client.pause();
      const tryBackend = (left: number) => {
        const target = this.processes[this.next++ % this.processes.length]!;
        const upstream = createConnection({ host: '127.0.0.1', port: target.port });
        let connected = false;
        upstream.once('connect', () => {
          connected = true;
          client.pipe(upstream).pipe(client);
          client.resume();
        });
        upstream.on('error', () => (connected || left <= 1 ? client.destroy() : tryBackend(left - 1)));
        upstream.once('close', () => connected && client.destroy());
        client.on('error', () => upstream.destroy());
        client.once('close', () => upstream.destroy());
      };
      tryBackend(this.processes.length * 2);
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          this.balancer!.once('error', reject);
          this.balancer!.listen(this.port, '127.0.0.1', () => {
            this.balancer!.off('error', reject);
            resolve();
          });
        });
        return;
      } catch (e) {
        // The killed process's socket may linger a moment after it is gone.
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}
