import { parentPort } from 'node:worker_threads';
import type { SheetContent } from '../sheet-content';
import { renderSheet } from './render-sheet';

/**
 * A thread of SheetRenderPool: renders the sheets it is sent, one at a time (renderSheet queues them),
 * with its own fonts, read once for the thread's life. It keeps nothing of a sheet once sent back.
 */

export interface RenderRequest {
  readonly id: number;
  readonly sheet: SheetContent;
}

export type RenderReply = { readonly id: number; readonly pdf: Uint8Array } | { readonly id: number; readonly error: string };

const port = parentPort;
if (port) {
  port.on('message', (request: RenderRequest) => {
    renderSheet(request.sheet).then(
      (pdf) => port.postMessage({ id: request.id, pdf } satisfies RenderReply),
      (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
    );
  });
}
