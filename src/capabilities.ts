import { broadcast } from './engine/broadcast/index.js';
import { checkin } from './engine/checkin/index.js';
import { createEngine } from './engine/core/engine.js';
import { privacy } from './engine/privacy/index.js';
import { profile } from './engine/profile/index.js';
import { signup } from './engine/signup/index.js';
import { workshop } from './engine/workshop/index.js';

// Every capability, once. Their order is the order the core asks them in: a workshop's
// feedback question that waited is asked before a waiting check-in.

export const CAPABILITIES = [signup, profile, privacy, workshop, checkin, broadcast];

export const engine = createEngine(CAPABILITIES);
