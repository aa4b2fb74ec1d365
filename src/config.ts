import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseOfficeHours } from './engine/tickets/hours.js';
import { loadCityOffice } from './city/load.js';

// Every setting comes from the environment and is checked once at start-up, so a typo in
// a deployment fails loudly with the variable's name instead of misbehaving later.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number({ message: 'expected a whole number' }).int('expected a whole number').positive('expected a number above 0');

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5m`, `90s`, `1500ms`, `1h`, `3d`, read as milliseconds. */
const duration = z
  .string()
  .regex(/^\s*\d+\s*(ms|s|m|min|h|d)\s*$/, 'expected a duration such as 3d, 72h, 5m, 90s or 1500ms')
  .transform((v) => {
    const [, amount, unit] = /^\s*(\d+)\s*(\w+)\s*$/.exec(v)!;
    return Number(amount) * DURATION_UNITS[unit!]!;
  })
  .refine((ms) => ms > 0, 'expected a duration above 0');

/** `24h,2h`: how long before a workshop each reminder goes; `none` for no reminders. */
const durationList = z
  .string()
  .transform((v) => (/^\s*(none|off|tidak)\s*$/i.test(v) ? [] : v.split(',').map((part) => part.trim())))
  .pipe(z.array(duration))
  .transform((list) => [...new Set(list)].sort((a, b) => b - a));

/** `2026-12-25,2027-01-01`: days the office is closed (questions wait for the next working day). */
const dateList = z
  .string()
  .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected dates such as 2026-12-25,2027-01-01')));

/** `1d` (working days), `4h` or `90m` (working time): how long a question may wait unanswered. */
const workingDuration = z
  .string()
  .regex(/^\s*\d+\s*(d|h|m)\s*$/, 'expected a working time such as 1d, 4h or 90m')
  .transform((v) => {
    const [, amount, unit] = /^\s*(\d+)\s*(\w)\s*$/.exec(v)!;
    return unit === 'd' ? { workingDays: Number(amount), workingMs: 0 } : { workingDays: 0, workingMs: Number(amount) * (unit === 'h' ? 3_600_000 : 60_000) };
  })
  .refine((w) => w.workingDays > 0 || w.workingMs > 0, 'expected a working time above 0');

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Makassar' },
);

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a URL like postgres://user:password@host:5432/wirabot')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  // The key of the keyed hashes (HMAC-SHA256) that stand in for platform ids (message ids
  // carry phone numbers and Telegram ids): required with a real database; the embedded one
  // and the tests use a fixed key (see loadConfig).
  ID_HASH_KEY: z.string().min(32, 'expected at least 32 random characters (for example: openssl rand -hex 32)').optional(),
  // Sign-up chats that stopped before the end are erased after this long without a message.
  SIGNUP_DRAFT_TTL: duration.default(30 * 86_400_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a URL like redis://127.0.0.1:6379')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'expected letters, digits, - or _ only')
    .default('wirabot'),
  TZ: timeZone.default('Asia/Makassar'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: z
    .string()
    .default('gateway,worker,scheduler,web')
    .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['gateway', 'worker', 'scheduler', 'web'], { message: 'expected roles from gateway, worker, scheduler, web' })).min(1)),
  // The city folder src/city/<CITY>/: sectors, kecamatan, words, and the office's details
  // (office.json), which are the defaults of ORG_NAME … OFFICE_HOURS and MEMBER_PREFIX below.
  CITY: z.string().regex(/^[a-z0-9_-]+$/, 'expected a folder name in src/city such as banjarmasin').default('banjarmasin'),
  ORG_NAME: z.string().min(1).default('Dinas Koperasi, Usaha Mikro dan Tenaga Kerja Kota Banjarmasin'),
  ORG_SHORT_NAME: z.string().min(1).default('Diskopumker Banjarmasin'),
  BOT_NAME: z.string().min(1).default('Wirabot'),
  MEMBER_PREFIX: z.string().regex(/^[A-Z]{2,5}$/, 'expected 2-5 capital letters such as BJM').default('BJM'),
  OFFICE_PHONE: z.string().min(1).default('(0511) 3252-051'),
  OFFICE_ADDRESS: z.string().min(1).default('Jl. Jenderal Sudirman No. 1, Banjarmasin'),
  // Shown to people as written, and read for when staff answer (questions to staff).
  OFFICE_HOURS: z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      const read = parseOfficeHours(v);
      if (typeof read === 'string') ctx.addIssue({ code: 'custom', message: read });
    })
    .default('Senin–Jumat, 08.00–16.00 WITA'),
  OFFICE_HOLIDAYS: dateList.default([]),
  TICKET_REMIND_AFTER: workingDuration.default({ workingDays: 1, workingMs: 0 }),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  // How long `npm start` may take to stop on SIGTERM (finishing jobs in progress) before it exits anyway.
  SHUTDOWN_TIMEOUT: duration.default(15_000),
  BACKUP_DIR: z.string().min(1).default('./data/backups'),
  BACKUP_KEEP: positiveInt.default(7),
  // /healthz, /readyz and /metrics of a long-running process; unset: not served.
  METRICS_PORT: z.coerce.number({ message: 'expected a port number such as 9464' }).int('expected a port number such as 9464').min(0, 'expected a port number such as 9464').max(65535, 'expected a port number such as 9464').optional(),
  // Turn batches at once per process (each holds a database connection), and chats per batch.
  TURN_CONCURRENCY: positiveInt.default(4),
  TURN_BATCH_SIZE: positiveInt.default(64),
  SWEEP_INTERVAL_MS: positiveInt.default(30_000),
  SEND_MAX_ATTEMPTS: positiveInt.default(5),
  BROADCAST_FANOUT_BATCH: positiveInt.default(1000),
  BROADCAST_CHECK_INTERVAL_MS: positiveInt.default(10_000),

  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{20,}$/, 'expected a token from @BotFather such as 123456789:AAH…')
    .optional(),
  TELEGRAM_BOT_USERNAME: z.string().regex(/^@?\w{5,32}$/, 'expected the bot\'s username such as WirabotBjmBot').optional(),
  TELEGRAM_API_ROOT: z.url({ message: 'expected a URL such as https://api.telegram.org' }).optional(),
  TELEGRAM_WEBHOOK_URL: z.url({ message: 'expected the public https URL Telegram should call' }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16-256 letters, digits, _ or -')
    .optional(),
  TELEGRAM_WEBHOOK_PORT: positiveInt.default(8443),
  TELEGRAM_RATE_PER_SECOND: positiveInt.default(25),
  TELEGRAM_CHAT_INTERVAL_MS: positiveInt.default(1000),

  WHATSAPP_ENABLED: bool.default(false),
  WHATSAPP_SESSION_DIR: z.string().min(1).default('./data/whatsapp'),
  WHATSAPP_NUMBER: z.string().regex(/^\+?\d{9,15}$/, 'expected the bot\'s WhatsApp number such as 6281234567890').optional(),
  WHATSAPP_PAIRING_NUMBER: z.string().regex(/^\+?\d{9,15}$/, 'expected a phone number in international form such as 6281234567890').optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WHATSAPP_REPLY_INTERVAL_MS: positiveInt.default(1000),
  WHATSAPP_BULK_MIN_DELAY_MS: positiveInt.default(4000),
  WHATSAPP_BULK_MAX_DELAY_MS: positiveInt.default(8000),
  WHATSAPP_ALERT_AFTER: duration.default(5 * 60_000),
  // Invitations to people imported from the office's register go to strangers' WhatsApp
  // numbers, which is what gets a number banned: at most this many a day (a day in TZ).
  IMPORT_INVITES_PER_DAY: positiveInt.max(5000, 'expected at most 5000').default(200),

  // Monthly check-ins: when periods open (cron in TZ), when reminders go, how growth is judged.
  CHECKIN_CRON: z
    .string()
    .regex(/^\s*\S+(\s+\S+){4,5}\s*$/, 'expected a cron pattern such as "0 9 1 * *" (minute hour day month weekday)')
    // The scheduler (BullMQ) reads the pattern with cron-parser: checked by the same reader here.
    .superRefine((pattern, ctx) => {
      try {
        CronExpressionParser.parse(pattern);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `is not a valid cron pattern: ${(error as Error).message} (e.g. "0 9 1 * *": minute hour day month weekday)` });
      }
    })
    .default('0 9 1 * *'),
  CHECKIN_REMINDER_AFTER: duration.default(3 * 86_400_000),
  CHECKIN_SECOND_REMINDER_AFTER: duration.default(7 * 86_400_000),
  CHECKIN_BATCH_SIZE: positiveInt.default(500),
  CHECKIN_SURVEY_FILE: z.string().min(1).optional(),
  GROWTH_BAND_PERCENT: z.coerce.number({ message: 'expected a number such as 10' }).min(0, 'expected 0 to 100').max(100, 'expected 0 to 100').default(10),
  GROWTH_WINDOW: positiveInt.max(24, 'expected at most 24 reports').default(3),

  // Workshops: reminders before the start (in order of lead time), and the length of a
  // workshop when staff give only its start (the feedback question goes at the end).
  WORKSHOP_REMINDERS: durationList.default([24 * 3_600_000, 2 * 3_600_000]),
  WORKSHOP_DURATION: duration.default(3 * 3_600_000),

  // The staff web dashboard (role `web`): its port, and the address staff open (https there
  // makes the session cookie Secure).
  WEB_PORT: z.coerce.number({ message: 'expected a port number' }).int('expected a port number').min(0, 'expected 0 to 65535').max(65535, 'expected 0 to 65535').default(3000),
  WEB_HOST: z.string().min(1).default('0.0.0.0'),
  WEB_PUBLIC_URL: z.url({ message: 'expected the address staff open, such as https://wirabot.kantor.lan' }).optional(),
  // A dashboard session ends after WEB_SESSION_IDLE without use, and WEB_SESSION_TTL after
  // signing in however busy (the cookie is kept that long; the server decides).
  WEB_SESSION_IDLE: duration.default(2 * 3_600_000),
  WEB_SESSION_TTL: duration.default(12 * 3_600_000),
}).superRefine((c, ctx) => {
  if (c.DATABASE_URL && !c.ID_HASH_KEY) {
    ctx.addIssue({ code: 'custom', path: ['ID_HASH_KEY'], message: 'is required when DATABASE_URL is set (32+ random characters, e.g. from openssl rand -hex 32; keep it, changing it breaks duplicate detection and opt-out records)' });
  }
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_WEBHOOK_URL is set (16+ random letters and digits)' });
  }
  if (c.WHATSAPP_BULK_MAX_DELAY_MS < c.WHATSAPP_BULK_MIN_DELAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['WHATSAPP_BULK_MAX_DELAY_MS'], message: 'must not be below WHATSAPP_BULK_MIN_DELAY_MS' });
  }
  if (c.CHECKIN_SECOND_REMINDER_AFTER <= c.CHECKIN_REMINDER_AFTER) {
    ctx.addIssue({ code: 'custom', path: ['CHECKIN_SECOND_REMINDER_AFTER'], message: 'must be later than CHECKIN_REMINDER_AFTER' });
  }
});

export type Config = Omit<z.output<typeof schema>, 'ID_HASH_KEY'> & { readonly ID_HASH_KEY: string };

/** Not a secret: only for the embedded PGlite database and the tests, never with DATABASE_URL. */
export const DEV_ID_HASH_KEY = 'wirabot-development-only-id-hash-key-not-secret';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse({ ...cityDefaults(cleaned['CITY'] ?? 'banjarmasin'), ...cleaned });
  if (result.success) return { ...result.data, ID_HASH_KEY: result.data.ID_HASH_KEY ?? DEV_ID_HASH_KEY };
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const got = env[name];
  const shown = got === undefined ? '' : ` (got "${redactSecret(name, got)}")`;
  throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}. Fix it in .env or the environment and start again.`);
}

/** The office's details from the city folder; a variable set in the environment wins. */
function cityDefaults(city: string): Record<string, string> {
  try {
    const office = loadCityOffice(city);
    return {
      ORG_NAME: office.orgName,
      ORG_SHORT_NAME: office.orgShortName,
      MEMBER_PREFIX: office.memberPrefix,
      OFFICE_PHONE: office.officePhone,
      OFFICE_ADDRESS: office.officeAddress,
      OFFICE_HOURS: office.officeHours,
    };
  } catch (error) {
    throw new ConfigError(`Configuration error: CITY "${city}" has no usable city folder: ${(error as Error).message}. Fix it in .env or the environment and start again.`);
  }
}

function redactSecret(name: string, value: string): string {
  if (/TOKEN|SECRET|PASSWORD|KEY/.test(name)) return '***';
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
