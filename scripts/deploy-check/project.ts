/**
 * What the deployment must cover, read from the repository rather than listed by hand: the
 * workspaces, the services, which of them have a worker and migrations, and each service's
 * configuration definition (services/<name>/src/*.config.ts), so that a new service, worker or
 * required variable makes the checks fail until the deployment files follow.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Workspace folders matched by the root package.json `workspaces` globs (`libs/*`, `services/*`). */
export function workspaces(root: string = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  return (pkg.workspaces ?? []).flatMap((glob) => {
    if (!glob.endsWith('/*')) return existsSync(join(root, glob, 'package.json')) ? [glob] : [];
    const dir = glob.slice(0, -2);
    return readdirSync(join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, dir, d.name, 'package.json')))
      .map((d) => `${dir}/${d.name}`)
      .sort();
  });
}

/**
 * The workspaces the image runs: every service and the workspaces they depend on, directly or
 * through another (by package name). A library no service depends on (libs/client, the typed
 * client for partners) is built and tested but not shipped.
 */
export function runtimeWorkspaces(root: string = ROOT): string[] {
  const all = workspaces(root);
  const manifest = (w: string) => JSON.parse(readFileSync(join(root, w, 'package.json'), 'utf8')) as { name?: string; dependencies?: Record<string, string> };
  const byName = new Map(all.map((w) => [manifest(w).name, w]));
  const needed = new Set(all.filter((w) => w.startsWith('services/')));
  const queue = [...needed];
  for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
    for (const dep of Object.keys(manifest(w).dependencies ?? {})) {
      const ws = byName.get(dep);
      if (ws !== undefined && !needed.has(ws)) {
        needed.add(ws);
        queue.push(ws);
      }
    }
  }
  return all.filter((w) => needed.has(w));
}

export interface ServiceInfo {
  readonly name: string;
  readonly hasWorker: boolean;
  readonly hasMigrations: boolean;
  /** services/<name>/src/*.config.ts files. */
  readonly configFiles: readonly string[];
}

export function services(root: string = ROOT): ServiceInfo[] {
  return workspaces(root)
    .filter((w) => w.startsWith('services/'))
    .map((w) => {
      const src = join(root, w, 'src');
      const files = existsSync(src) ? readdirSync(src) : [];
      return {
        name: w.slice('services/'.length),
        hasWorker: files.includes('worker.ts'),
        hasMigrations: files.includes('migrations'),
        configFiles: files.filter((f) => f.endsWith('.config.ts')).map((f) => join(src, f)),
      };
    });
}

/** Entries of a workspace that are sources, tests, tooling or build output, never read at run time. */
const NOT_RUNTIME = new Set([
  'src',
  'test',
  'bench',
  'scripts',
  'dist',
  'node_modules',
  'package.json',
  'README.md',
  'tsconfig.json',
  'tsconfig.tsbuildinfo',
  // services/gateway/subgraphs: the subgraph SDLs composed into supergraph.graphql (a CI input).
  'subgraphs',
  // services/gateway/openapi.json: the merged REST document libs/client's types are generated from
  // (a build input); the gateway serves the services' live documents, merged per request.
  'openapi.json',
  // apps/web: the page, the files copied as they are and the Vite configuration are build inputs;
  // what the gateway serves is their build, apps/web/dist.
  'index.html',
  'public',
  'vite.config.ts',
]);

/**
 * Everything else at the top of a workspace (`rulesets`, `data`, `supergraph.graphql`, ...) is
 * presumed read at run time, so the runtime image must contain it: a new data folder fails the
 * Dockerfile check until it is copied (or added to NOT_RUNTIME with a reason).
 */
export function runtimeData(root: string = ROOT): string[] {
  return workspaces(root).flatMap((w) =>
    readdirSync(join(root, w))
      .filter((e) => !NOT_RUNTIME.has(e) && !e.startsWith('.'))
      .map((e) => `${w}/${e}`),
  );
}
