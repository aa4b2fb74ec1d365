import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

// A redis-server of a test's own, on a free port, without persistence, so the test can shut
// it down (SHUTDOWN NOSAVE: everything in it is gone) and start it again. Never the shared
// Redis on 6379.

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class OwnRedis {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server and waits until it answers PING. */
  async up(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[redis ${this.port}] ${d.toString()}`));
    this.child = child;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited with ${child.exitCode}`);
      if (await this.ping()) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not come up`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SHUTDOWN NOSAVE: the server stops and everything it held is lost. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.connect();
    await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection closes under the reply
    client.disconnect();
    await exited;
    this.child = null;
  }

  async restart(downForMs = 500): Promise<void> {
    await this.down();
    await new Promise((resolve) => setTimeout(resolve, downForMs));
    await this.up();
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const child = this.child;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    this.child = null;
  }

  private async ping(): Promise<boolean> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
