import { createEngine } from './engine/core/engine.js';
import type { CoreEvent } from './engine/core/vocabulary.js';
import type { EngineEvent } from './engine/unions.js';
import { broadcast } from './runtime/broadcast/index.js';
import { checkin } from './runtime/checkin/index.js';
import type { Capability, EventLike } from './runtime/core/capability.js';
import { createSegments } from './runtime/core/segments.js';
import { imported } from './runtime/import/index.js';
import { privacy } from './runtime/privacy/index.js';
import { profile } from './runtime/profile/index.js';
import { signup } from './runtime/signup/index.js';
import { staff } from './runtime/staff/index.js';
import { statistics } from './runtime/statistics/index.js';
import { understand } from './runtime/understand/index.js';
import { tickets } from './runtime/tickets/index.js';
import { workshop } from './runtime/workshop/index.js';

// Every capability, once: the engine, the app, the workers and the command line loop over
// this list and never name a capability. The order is the order they are asked in: a
// workshop's feedback question that waited is asked before a waiting check-in; a number on the
// imported register is asked "is this you?" before anyone unknown is greeted with sign-up.

export const CAPABILITIES = [imported, signup, profile, privacy, workshop, checkin, broadcast, staff, statistics, understand, tickets] as const;

/** A capability, whatever its events: each declares its own, the list holds them all. */
export type AnyCapability = Capability<any>;

export const engine = createEngine(CAPABILITIES.flatMap((c: AnyCapability) => (c.engine ? [c.engine] : [])));

export const segments = createSegments(engine.segmentKinds, Object.assign({}, ...CAPABILITIES.map((c: AnyCapability) => c.segmentConditions ?? {})));

// Every event the engine can produce has a handler: the core's or a capability's. A new
// event without one fails to compile here, naming it.
type EventsOf<C> = C extends Capability<infer E extends EventLike> ? E['type'] : never;
type Unhandled = Exclude<EngineEvent['type'], EventsOf<(typeof CAPABILITIES)[number]> | CoreEvent['type']>;
export const EVERY_EVENT_HANDLED: [Unhandled] extends [never] ? true : Unhandled = true;
