// Ctrl+C (SIGINT) or SIGTERM in a command-line process: close what is open and exit, even
// if closing hangs (Redis gone, a query stuck), and at once on a second Ctrl+C. Closing
// matters for the embedded database: a process killed while it holds the PGlite directory
// leaves it to crash recovery, after which sequences such as member numbers jump by up to 32.

export function exitOnInterrupt(close: () => Promise<unknown>, graceMs = 5_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    setTimeout(() => process.exit(code), graceMs).unref();
    close()
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
