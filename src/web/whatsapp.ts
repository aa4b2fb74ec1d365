import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { App } from '../app.js';
import { readChannelStatus, type ChannelStatus } from '../channels/whatsapp/status.js';
import { formatLocalDateTime } from '../time.js';
import { html } from './html.js';
import type { Say } from './i18n.js';
import { layout, type PageContext } from './pages.js';

// WhatsApp (issue 13): the gateway's connection state as `npm run cli -- status` reads it
// from Redis, and while pairing the QR (drawn here as a PNG) or the pairing code the gateway
// published (when WHATSAPP_PAIRING_NUMBER is set it asks for a code instead of showing a QR).
// The page polls /api/whatsapp. A QR or a code links a device to the office's number, so only
// admins see them; operators see the state.

export interface WhatsAppDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly audit: (request: FastifyRequest, action: string, details?: Record<string, unknown>) => Promise<unknown>;
}

/** How often the page asks again; WhatsApp refreshes the QR about every 20 s. */
export const WHATSAPP_POLL_MS = 5000;

export interface WhatsAppView {
  readonly enabled: boolean;
  readonly state: ChannelStatus['state'] | 'unknown';
  readonly stateText: string;
  readonly since: string | null;
  readonly detail: string;
  /** Admins only: whether /api/whatsapp/qr.png has a QR to draw, and the code to type. */
  readonly qr: boolean;
  readonly pairingCode: string | null;
}

export function registerWhatsApp(server: FastifyInstance, deps: WhatsAppDeps): void {
  const { app, say } = deps;
  const config = app.config;

  const status = async (): Promise<ChannelStatus | null> =>
    config.WHATSAPP_ENABLED ? readChannelStatus(config.REDIS_URL, config.QUEUE_PREFIX, 'whatsapp') : null;

  const view = (s: ChannelStatus | null, admin: boolean): WhatsAppView => {
    const state = s?.state ?? 'unknown';
    return {
      enabled: config.WHATSAPP_ENABLED,
      state,
      stateText: config.WHATSAPP_ENABLED ? say(`whatsapp_state_${state}`) : say('whatsapp_disabled'),
      since: s ? formatLocalDateTime(s.since, config.TZ) : null,
      detail: s?.detail ?? '',
      qr: admin && s?.state === 'qr' && Boolean(s.qr),
      pairingCode: admin && s?.state === 'qr' ? (s.pairingCode ?? null) : null,
    };
  };
  const isAdmin = (request: FastifyRequest) => request.session?.staff.role === 'admin';

  server.get('/whatsapp', async (request, reply) => {
    const admin = isAdmin(request);
    const v = view(await status(), admin);
    const body = html`<h1>${say('whatsapp_title')}</h1>
      <section class="card" id="whatsapp" data-poll="${WHATSAPP_POLL_MS}">
        <p><strong>${say('whatsapp_state')}</strong> <span id="wa-state" class="status status-${v.state}">${v.stateText}</span></p>
        <p class="muted" id="wa-since">${v.since ? say('whatsapp_since', { when: v.since }) : ''}</p>
        <p class="muted" id="wa-detail">${v.detail}</p>
        ${
          admin
            ? html`<div id="wa-pairing">
                <p id="wa-qr-help"${v.qr ? '' : html` hidden`}>${say('whatsapp_qr_help')}</p>
                <img id="wa-qr" alt="${say('whatsapp_qr_alt')}" width="264" height="264"${v.qr ? html` src="/api/whatsapp/qr.png?t=${Date.now()}"` : html` hidden`}>
                <p id="wa-code-wrap"${v.pairingCode ? '' : html` hidden`}>${say('whatsapp_code_help')} <strong id="wa-code">${v.pairingCode ?? ''}</strong></p>
                <p class="muted">${say('whatsapp_code_option')}</p>
              </div>`
            : html`<p class="muted">${say('whatsapp_admin_only')}</p>`
        }
      </section>`;
    return deps.html(reply, layout(deps.ctx(request), say('whatsapp_title'), body, ['/assets/whatsapp.js']));
  });

  server.get('/api/whatsapp', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const v = view(await status(), isAdmin(request));
    return { ...v, since: v.since ? say('whatsapp_since', { when: v.since }) : '' };
  });

  server.get('/api/whatsapp/qr.png', { config: { admin: true } }, async (request, reply) => {
    const s = await status();
    reply.header('cache-control', 'no-store');
    if (s?.state !== 'qr' || !s.qr) return reply.code(404).send({ error: 'no_qr' });
    await deps.audit(request, 'web_whatsapp_qr_shown');
    return reply.type('image/png').send(await QRCode.toBuffer(s.qr, { type: 'png', margin: 2, width: 264 }));
  });
}
