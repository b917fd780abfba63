import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './ports.js';
import { eventually } from './wait.js';

/** The command and settings a running process was started with, read from /proc (Linux only). */
function commandOf(pid: number): { argv: string[]; env: NodeJS.ProcessEnv } {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
      // The runtime's IPC channel to that process is no setting of the app: another process started
      // with its descriptor number would talk to a descriptor it does not have.
      .filter(([key]) => !key!.startsWith('NODE_CHANNEL_')),
  );
  return { argv, env };
}

/** One process of an app, started by a test on a port of its own; what it writes is kept. */
export class AppProcess {
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
    readonly output: string[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Started with `argv` and `env` on `port`; resolved once its /health/ready answers 200, or, with
   * `ready: false`, at once (for a process whose readiness the test itself watches). What it writes
   * goes to `output`, which may outlive it (the replicas of an app keep one for all their processes).
   */
  static async launch(
    name: string,
    argv: string[],
    env: NodeJS.ProcessEnv,
    port: number,
    options: { ready?: boolean; output?: string[] } = {},
  ): Promise<AppProcess> {
    const child = spawn(process.execPath, argv, { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = options.output ?? [];
    const keep = (chunk: Buffer) =>
      output.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => `[${name}:${port}] ${l}`),
      );
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const app = new AppProcess(name, port, child, output);
    if (options.ready !== false)
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited (code ${child.exitCode}):\n${output.slice(-20).join('\n')}`);
        return (await fetch(`${app.url}/health/ready`).catch(() => undefined))?.ok;
      }, 180_000);
    return app;
  }

  /**
   * One more process of `app` of a running plein, with the command and settings the runtime gave
   * it but for `changes`: a gateway of a test's own with another rate limit, a registry it may kill.
   * Its processes, its database and its identity provider are the plein's.
   */
  static async beside(
    app: { name: string; pid: number },
    changes: Record<string, string>,
    options?: { ready?: boolean },
  ): Promise<AppProcess> {
    const { argv, env } = commandOf(app.pid);
    return AppProcess.launch(app.name, argv, { ...env, ...changes }, await freePort(), options);
  }

  /** Killed outright, no shutdown: a crash. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

/**
 * Replicas of one app of a running plein, the way an orchestrator runs them: the app's first
 * process is replaced by two started with the same command and settings on ports of their own,
 * and a round-robin TCP balancer takes over the app's address, so everything that calls the app
 * (routing URLs, CONSENT_URL …) reaches both. Linux only: the command and settings are read from
 * /proc of the process the runtime started.
 */
export class ReplicatedApp {
  private readonly processes: AppProcess[] = [];
  /** What the replicas wrote to stdout and stderr, a killed one's included, to say why when a test fails. */
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
    const { argv, env } = commandOf(pid);
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
    return this.processes.map((p) => p.url);
  }

  /** Kills one process outright (no shutdown) and starts it again on its port. */
  async killAndRestart(index: number): Promise<void> {
    const victim = this.processes[index]!;
    await victim.kill();
    this.processes.splice(index, 1);
    await this.launch(victim.port, index);
    this.restarts++;
  }

  async stop(): Promise<void> {
    this.balancer?.close();
    await Promise.all(this.processes.map((p) => p.stop()));
  }

  private async launch(port: number, at = this.processes.length): Promise<void> {
    this.processes.splice(at, 0, await AppProcess.launch(this.name, this.argv, this.env, port, { output: this.output }));
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
