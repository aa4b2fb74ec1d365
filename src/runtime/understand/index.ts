import type { Command } from 'commander';
import type { Capability, CliContext } from '../core/capability.js';
import { registerUnderstandCommands } from './cli.js';
import { scheduleMissesPurge, startUnderstandWorker } from './jobs.js';

// Learning from misses (issue 10 item 7): the answers not understood are written by the
// core's `answer_missed` handler; this capability lists them, purges them after twelve
// months, and lets staff add words to the vocabulary.

export const understand: Capability = {
  name: 'understand',
  cli(program: Command, ctx: CliContext) {
    registerUnderstandCommands(program, ctx);
  },
  setUp: (s) => ({
    startWorkers: () => startUnderstandWorker(s),
    schedule: () => scheduleMissesPurge(s),
  }),
};
