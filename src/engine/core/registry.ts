import type { SegmentKind } from '../segments/types.js';
import type { Flow, StaffFlow, SystemInput } from '../unions.js';
import type { Text } from './vocabulary.js';
import type { CommandDef, EngineCapability, FlowDef, Interceptor, MenuEntry, SystemInputDef } from './capability.js';
import { byOrder } from './menu.js';

// The capabilities' declarations gathered once, in the order of the list, for the core to
// loop over. A name declared twice is a mistake found at start-up, not at a person's turn.

export interface Registry {
  readonly capabilities: readonly EngineCapability[];
  readonly flows: ReadonlyMap<string, FlowDef<Flow>>;
  readonly staffFlows: ReadonlyMap<string, FlowDef<StaffFlow>>;
  readonly commands: readonly CommandDef<unknown>[];
  readonly staffCommands: readonly CommandDef<unknown>[];
  readonly menu: readonly MenuEntry[];
  readonly staffMenu: readonly MenuEntry[];
  /** The staff menu's lines, one or more per staff command, as the capabilities wrote them. */
  readonly staffHelp: readonly Text[];
  readonly interceptors: readonly Interceptor[];
  readonly systemInputs: ReadonlyMap<string, SystemInputDef<SystemInput>>;
  readonly segmentKinds: readonly SegmentKind[];
}

export function buildRegistry(capabilities: readonly EngineCapability[]): Registry {
  const flows = byName(capabilities.flatMap((c) => c.flows ?? []), 'flow');
  const staffFlows = byName(capabilities.flatMap((c) => c.staffFlows ?? []), 'staff flow');
  const systemInputs = new Map<string, SystemInputDef<SystemInput>>();
  for (const def of capabilities.flatMap((c) => c.systemInputs ?? [])) {
    for (const event of def.events) {
      if (systemInputs.has(event)) throw new Error(`system input "${event}" is declared twice`);
      systemInputs.set(event, def);
    }
  }
  const segmentKinds = byOrder(capabilities.flatMap((c) => c.segmentKinds ?? []));
  byName(segmentKinds, 'segment kind');
  return {
    capabilities,
    flows,
    staffFlows,
    commands: capabilities.flatMap((c) => c.commands ?? []),
    staffCommands: capabilities.flatMap((c) => c.staffCommands ?? []),
    menu: byOrder(capabilities.flatMap((c) => c.menu ?? [])),
    staffMenu: byOrder(capabilities.flatMap((c) => c.staffMenu ?? [])),
    staffHelp: byOrder(capabilities.flatMap((c) => c.staffCommands ?? []).flatMap((c) => c.help ?? [])).map((h) => h.line),
    interceptors: capabilities.flatMap((c) => c.interceptors ?? []),
    systemInputs,
    segmentKinds,
  };
}

function byName<T extends { readonly name: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name)) throw new Error(`${what} "${item.name}" is declared twice`);
    map.set(item.name, item);
  }
  return map;
}
