// Just enough of the PostgreSQL wire protocol (v3) to cut a client's byte stream into
// messages and to read the transaction status the backend reports. Pure: no I/O.

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

export type FrontendFrame =
  /** SSLRequest or GSSENCRequest: answered with 'N' (a Unix socket needs no TLS). */
  | { readonly kind: 'encryption' }
  /** CancelRequest: there is no backend process to signal; dropped. */
  | { readonly kind: 'cancel' }
  | { readonly kind: 'startup'; readonly bytes: Uint8Array }
  /** A typed message after start-up; `type` is its first byte ('Q', 'P', 'S', 'X' …). */
  | { readonly kind: 'message'; readonly type: string; readonly bytes: Uint8Array };

/** The first complete frame in `buffer` and its length, or null while more bytes are needed. */
export function nextFrame(buffer: Uint8Array, started: boolean): { frame: FrontendFrame; length: number } | null {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (!started) {
    if (buffer.length < 8) return null;
    const length = view.getInt32(0);
    if (length < 8 || buffer.length < length) return length < 8 ? invalid() : null;
    const code = view.getInt32(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { frame: { kind: 'encryption' }, length };
    if (code === CANCEL_REQUEST) return { frame: { kind: 'cancel' }, length };
    if (code !== PROTOCOL_3) return invalid();
    return { frame: { kind: 'startup', bytes: buffer.slice(0, length) }, length };
  }
  if (buffer.length < 5) return null;
  const length = 1 + view.getInt32(1);
  if (length < 5) return invalid();
  if (buffer.length < length) return null;
  return { frame: { kind: 'message', type: String.fromCharCode(buffer[0]!), bytes: buffer.slice(0, length) }, length };
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

function invalid(): never {
  throw new ProtocolError('invalid frontend message');
}

export type TransactionStatus = 'idle' | 'in_transaction' | 'failed';

const STATUS: Record<string, TransactionStatus> = { I: 'idle', T: 'in_transaction', E: 'failed' };

/**
 * The status carried by the last ReadyForQuery ('Z') among the complete backend messages
 * in `response`, or null when there is none (the client's batch is not finished: a Parse
 * or Bind waits for its Sync).
 */
export function lastReadyStatus(response: Uint8Array): TransactionStatus | null {
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  let status: TransactionStatus | null = null;
  for (let at = 0; at + 5 <= response.length; ) {
    const length = 1 + view.getInt32(at + 1);
    if (response[at] === 0x5a && length === 6 && at + 6 <= response.length) status = STATUS[String.fromCharCode(response[at + 5]!)] ?? status;
    at += Math.max(length, 5);
  }
  return status;
}

/** A simple-query ('Q') message. */
export function simpleQuery(sql: string): Uint8Array {
  const text = new TextEncoder().encode(`${sql}\0`);
  return typed('Q', text);
}

/** A Sync ('S') message: ends an extended-protocol batch; the backend answers ReadyForQuery. */
export function sync(): Uint8Array {
  return typed('S', new Uint8Array(0));
}

/** A FATAL ErrorResponse, sent before closing a connection the server gives up on. */
export function fatalError(code: string, message: string): Uint8Array {
  const fields = new TextEncoder().encode(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  return typed('E', fields);
}

function typed(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}
