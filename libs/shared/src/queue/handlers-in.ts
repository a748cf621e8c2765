import { MODULE_METADATA } from '@nestjs/common/constants';
import { EVENT_TYPES, type EventType } from '../events/event-contracts';
import { handlerMetadataOf, type HandlerMetadata } from './job-handler';

type ModuleNode = { module?: unknown; imports?: unknown[]; providers?: unknown[]; forwardRef?: () => unknown };

function metadata(key: string, type: unknown): unknown[] {
  return typeof type === 'function' ? ((Reflect.getMetadata(key, type) as unknown[] | undefined) ?? []) : [];
}

/**
 * The job, recovery and event handlers declared by the providers of a module tree, read from the
 * modules as written (static and dynamic modules, forwardRef), without starting anything. Modules
 * built asynchronously are not read.
 */
export function handlersDeclaredIn(...roots: readonly unknown[]): HandlerMetadata[] {
  const seen = new Set<unknown>();
  const found: HandlerMetadata[] = [];
  const provider = (p: unknown): void => {
    const type = typeof p === 'function' ? p : (p as { useClass?: unknown } | null)?.useClass;
    if (!type || seen.has(type)) return;
    seen.add(type);
    found.push(...handlerMetadataOf(type));
  };
  const visit = (node: unknown): void => {
    if (!node || seen.has(node) || node instanceof Promise) return;
    seen.add(node);
    const n = node as ModuleNode;
    if (typeof n.forwardRef === 'function') return visit(n.forwardRef());
    const type = typeof node === 'function' ? node : n.module;
    const dynamic = typeof node === 'function' ? {} : n;
    for (const p of [...metadata(MODULE_METADATA.PROVIDERS, type), ...(dynamic.providers ?? [])]) provider(p);
    for (const m of [...metadata(MODULE_METADATA.IMPORTS, type), ...(dynamic.imports ?? [])]) visit(m);
  };
  for (const root of roots) visit(root);
  return found;
}

/** The event types of the map that no `@EventHandler` in these module trees consumes. */
export function unconsumedEventTypes(...roots: readonly unknown[]): EventType[] {
  const consumed = new Set(handlersDeclaredIn(...roots).flatMap((h) => (h.kind === 'event' ? [h.type] : [])));
  return EVENT_TYPES.filter((type) => !consumed.has(type));
}
