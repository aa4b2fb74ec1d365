import type { Command } from 'commander';
import type { Capability, CliContext } from '../core/capability.js';
import { registerAuditCommands } from './audit-cli.js';
import { registerStaffCommands } from './cli.js';
import { startStaffWorkers } from './jobs.js';
import { joinHandlers } from './join.js';
import { staff as engine } from '../../engine/staff/index.js';
import type { StaffEvent } from '../../engine/staff/vocabulary.js';

// The staff directory (who is staff: invited by a one-time code, added and removed on the command line), the audit log
// of what staff did, and the alert to staff when WhatsApp is down. The staff side of a
// conversation is the engine core's; each staff command belongs to its capability.

export const staff: Capability<StaffEvent> = {
  name: 'staff',
  engine,
  cli(program: Command, ctx: CliContext) {
    registerStaffCommands(program, ctx);
    registerAuditCommands(program, ctx);
  },
  setUp: (s) => ({ handlers: joinHandlers(s.config.ID_HASH_KEY), startWorkers: () => startStaffWorkers(s) }),
};
