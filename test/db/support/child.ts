import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

// A child process spoken to one line at a time: `send` writes a command and resolves with
// the next line it prints (JSON when it parses). Everything it prints is kept for messages.

export class LineChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly lines: string[] = [];
  private readonly waiters: ((line: string) => void)[] = [];
  stderr = '';
  output = '';
  /** Everything printed, including a last line that has no newline yet (a prompt). */
  raw = '';

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.process.stdout.on('data', (d: Buffer) => (this.raw += d.toString()));
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      this.output += `${line}\n`;
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The next line printed, within `timeoutMs`. */
  next(timeoutMs = 30_000): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  }

  async json<T = Record<string, unknown>>(timeoutMs?: number): Promise<T> {
    return JSON.parse(await this.next(timeoutMs)) as T;
  }

  async ask<T = Record<string, unknown>>(command: string, timeoutMs?: number): Promise<T> {
    this.process.stdin.write(`${command}\n`);
    return this.json<T>(timeoutMs);
  }

  /** Waits until a printed line contains `text` (lines before it are dropped). */
  async until(text: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.next(Math.max(1, deadline - Date.now()));
      if (line.includes(text)) return line;
    }
  }

  /** Waits until `text` has been printed anywhere, a prompt without a newline included. */
  async printed(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.raw.includes(text)) {
      if (Date.now() > deadline) throw new Error(`"${text}" not printed within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends a signal and resolves with how it ended; rejects if it is still running after `timeoutMs`. */
  async stop(signal: NodeJS.Signals, timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const started = Date.now();
    this.process.kill(signal);
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running ${timeoutMs} ms after ${signal}`)), timeoutMs).unref());
    const result = await Promise.race([this.exited, timer]);
    return { ...result, ms: Date.now() - started };
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

/** Runs a TypeScript file in a fresh Node process (tsx, without npm's start-up cost). */
export function tsxChild(file: string, args: string[], env?: NodeJS.ProcessEnv): LineChild {
  return new LineChild(process.execPath, ['--import', 'tsx', file, ...args], env);
}
