import type { IncomingMessage } from 'node:http';

/** A client that keeps a refused upload open longer than this is cut off. */
const DRAIN_MS = 10_000;

export interface DrainOptions {
  /** Bytes of the rest of the body read and dropped at most; past them the connection is closed. */
  readonly maxBytes: number;
  readonly maxMs?: number;
}

/**
 * After the gateway has refused a body (413) the client is usually still sending it. Closing the
 * connection now would make the kernel reset it with the client's bytes unread, and a client that
 * writes before it reads (Node's fetch) then reports EPIPE instead of the answer. So the rest is read
 * and dropped, like Apache's lingering close, but only up to `maxBytes` and `maxMs`: a client that
 * sends more than that gets the connection closed under it. The caller answers first; this only
 * decides what happens to the bytes still coming.
 */
export function discardRestOfBody(req: IncomingMessage, options: DrainOptions): void {
  if (req.complete || req.destroyed) return;
  let seen = 0;
  const cutOff = (): void => {
    stop();
    req.socket.destroy();
  };
  const timer = setTimeout(cutOff, options.maxMs ?? DRAIN_MS);
  timer.unref();
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > options.maxBytes) cutOff();
  };
  const stop = (): void => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', stop);
    req.off('close', stop);
  };
  req.on('data', onData);
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}

/** The declared Content-Length, when there is a valid one. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}
