import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `npm run wa:smoke` against the real whatsapp-web.js and Debian's Chromium (/usr/bin/chromium;
// CI installs it). Without internet WhatsApp Web is unreachable, which still passes: what
// must work everywhere is that the browser starts and is closed again.

function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'src/cli/wa-smoke.ts'], { timeout: 120_000, env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('npm run wa:smoke', () => {
  it('starts the browser, reports how far WhatsApp Web got, and closes the browser', async () => {
    const { code, stdout, stderr } = await runSmoke();
    const report = `${stdout}\n${stderr}`;

    expect(stdout, report).toMatch(/^chromium: found \/usr\/bin\/chromium v\d+/m);
    expect(stdout, report).toMatch(/^browser: started \(/m);
    expect(stdout, report).toMatch(/^whatsapp web: (reachable|not reachable \(.+\)|no answer within \d+ s)$/m);
    expect(stdout, report).toMatch(/^browser: (closed|killed)/m);
    expect(stdout, report).toMatch(/^result: pass/m);
    expect(code, report).toBe(0);
  }, 130_000);
});
