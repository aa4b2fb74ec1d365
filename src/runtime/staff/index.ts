import type { Command } from 'commander';
import type { Capability, CliContext } from '../core/capability.js';
import { registerAuditCommands } from './audit-cli.js';
import { registerStaffCommands } from './cli.js';
import { startStaffWorkers } from './jobs.js';

// The staff directory (who is staff, added and removed on the command line), the audit log
// of what staff did, and the alert to staff when WhatsApp is down. The staff side of a
// conversation is the engine core's; each staff command belongs to its capability.

export const staff: Capability = {
  name: 'staff',
  cli(program: Command, ctx: CliContext) {
    registerStaffCommands(program, ctx);
    registerAuditCommands(program, ctx);
  },
  setUp: (s) => ({ startWorkers: () => startStaffWorkers(s) }),
};
