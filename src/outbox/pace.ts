import type { Redis } from 'ioredis';
import type { ChannelName } from '../channels/types.js';
import type { Config } from '../config.js';
import type { OutboundPath } from '../db/schema.js';

// How fast each channel may send, kept in Redis so every process shares one budget.
// Per-group rate limits are a paid BullMQ feature, so the per-chat limit is built here:
// one Lua script decides atomically whether a message may go now, and if not, how long
// to wait and whether the whole channel or only that chat must wait.

export interface PacingRule {
  /** Messages per second for the whole channel (0 = unlimited). */
  readonly channelPerSecond: number;
  readonly channelBurst: number;
  /** Channel tokens this path leaves for replies (bulk paths keep replies fast). */
  readonly reserve: number;
  /** Minimum average gap between messages to one chat (0 = unlimited). */
  readonly chatIntervalMs: number;
  readonly chatBurst: number;
  /** A random gap between any two sends on this path, for WhatsApp bulk (0 = none). */
  readonly gapMinMs: number;
  readonly gapMaxMs: number;
}

export const UNPACED: PacingRule = { channelPerSecond: 0, channelBurst: 0, reserve: 0, chatIntervalMs: 0, chatBurst: 0, gapMinMs: 0, gapMaxMs: 0 };

export function pacingFor(channel: ChannelName, path: OutboundPath, config: Config): PacingRule {
  if (channel === 'telegram') {
    return {
      ...UNPACED,
      channelPerSecond: config.TELEGRAM_RATE_PER_SECOND,
      channelBurst: config.TELEGRAM_RATE_PER_SECOND,
      reserve: path === 'bulk' ? Math.max(1, Math.floor(config.TELEGRAM_RATE_PER_SECOND / 5)) : 0,
      chatIntervalMs: config.TELEGRAM_CHAT_INTERVAL_MS,
      chatBurst: 3,
    };
  }
  if (channel === 'whatsapp') {
    return path === 'reply'
      ? { ...UNPACED, chatIntervalMs: config.WHATSAPP_REPLY_INTERVAL_MS, chatBurst: 3 }
      : { ...UNPACED, chatIntervalMs: config.WHATSAPP_REPLY_INTERVAL_MS, chatBurst: 3, gapMinMs: config.WHATSAPP_BULK_MIN_DELAY_MS, gapMaxMs: config.WHATSAPP_BULK_MAX_DELAY_MS };
  }
  return UNPACED;
}

export type PaceDecision = { readonly ok: true } | { readonly ok: false; readonly waitMs: number; readonly scope: 'channel' | 'chat' };

// KEYS: pause, channel bucket, chat bucket, gap. Time comes from Redis so processes on
// different machines agree. Nothing is consumed unless the message may go.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local channelRate, channelBurst, reserve = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local chatRate, chatBurst = tonumber(ARGV[4]), tonumber(ARGV[5])
local gapMin, gapMax, random = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])

local pauseUntil = tonumber(redis.call('GET', KEYS[1]) or '0')
if pauseUntil > now then return {pauseUntil - now, 1} end
if gapMin > 0 then
  local nextAt = tonumber(redis.call('GET', KEYS[4]) or '0')
  if nextAt > now then return {nextAt - now, 1} end
end

local function level(key, rate, burst)
  local h = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(h[1]) or burst
  local ts = tonumber(h[2]) or now
  return math.min(burst, tokens + (now - ts) * rate)
end

local chatTokens, channelTokens = 0, 0
if chatRate > 0 then
  chatTokens = level(KEYS[3], chatRate, chatBurst)
  if chatTokens < 1 then return {math.ceil((1 - chatTokens) / chatRate), 2} end
end
if channelRate > 0 then
  channelTokens = level(KEYS[2], channelRate, channelBurst)
  if channelTokens < 1 + reserve then return {math.ceil((1 + reserve - channelTokens) / channelRate), 1} end
end

if chatRate > 0 then
  redis.call('HSET', KEYS[3], 'tokens', chatTokens - 1, 'ts', now)
  redis.call('PEXPIRE', KEYS[3], math.ceil(chatBurst / chatRate) + 1000)
end
if channelRate > 0 then
  redis.call('HSET', KEYS[2], 'tokens', channelTokens - 1, 'ts', now)
  redis.call('PEXPIRE', KEYS[2], math.ceil(channelBurst / channelRate) + 1000)
end
if gapMin > 0 then
  local gap = gapMin + math.floor(random * (gapMax - gapMin))
  redis.call('SET', KEYS[4], now + gap, 'PX', gap + 1000)
end
return {0, 0}
`;

export class Pacer {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly channel: ChannelName,
    private readonly path: OutboundPath,
    private readonly rule: PacingRule,
  ) {}

  get paced(): boolean {
    const r = this.rule;
    return r.channelPerSecond > 0 || r.chatIntervalMs > 0 || r.gapMinMs > 0;
  }

  async acquire(address: string): Promise<PaceDecision> {
    if (!this.paced) return { ok: true };
    const r = this.rule;
    const base = `${this.prefix}:pace:${this.channel}`;
    const [waitMs, scope] = (await this.redis.eval(
      ACQUIRE,
      4,
      `${base}:pause`,
      `${base}:channel`,
      `${base}:chat:${address}`,
      `${base}:${this.path}:gap`,
      r.channelPerSecond / 1000,
      r.channelBurst,
      r.reserve,
      r.chatIntervalMs > 0 ? 1 / r.chatIntervalMs : 0,
      r.chatBurst,
      r.gapMinMs,
      r.gapMaxMs,
      Math.random(),
    )) as [number, number];
    if (waitMs <= 0) return { ok: true };
    return { ok: false, waitMs, scope: scope === 2 ? 'chat' : 'channel' };
  }

  /** The platform said "too many requests": every process stops sending on this channel. */
  async pauseChannel(ms: number): Promise<void> {
    const script = `local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]))`;
    await this.redis.eval(script, 1, `${this.prefix}:pace:${this.channel}:pause`, Math.ceil(ms));
  }
}
