import type { FastifyReply, FastifyRequest } from 'fastify';

// Post/redirect/get for dashboard actions that change something: the browser is sent on to a
// page by GET (303), and what the action said travels in a cookie for that page alone, read
// once. A reload then shows the page again rather than "resend the form?", which would repeat
// the action (change a workshop, invite, draw a new attendance code, send more invitations).

const SAID_COOKIE = 'wirabot_said';
/** Well within a cookie's 4 KB once encoded; an action's reply is a few lines. */
const SAID_MAX = 2000;

/** Cookies are marked secure when the dashboard is served over https (`WEB_PUBLIC_URL`). */
export function secureCookies(config: { readonly WEB_PUBLIC_URL?: string | undefined }): boolean {
  return config.WEB_PUBLIC_URL?.startsWith('https:') ?? false;
}

/** Redirects to `path` (303), which shows `said` once. `secure`: the dashboard is served over https. */
export function redirectSaying(reply: FastifyReply, path: string, said: string, secure: boolean): FastifyReply {
  return reply
    .setCookie(SAID_COOKIE, Buffer.from(said.slice(0, SAID_MAX)).toString('base64url'), { path, httpOnly: true, sameSite: 'strict', secure, maxAge: 120 })
    .redirect(path, 303);
}

/** What the last action said for this page, if anything; cleared, so a reload does not show it again. */
export function takeSaid(request: FastifyRequest, reply: FastifyReply, path: string): string | null {
  const cookie = request.cookies[SAID_COOKIE];
  if (!cookie) return null;
  reply.clearCookie(SAID_COOKIE, { path });
  return Buffer.from(cookie, 'base64url').toString('utf8');
}
