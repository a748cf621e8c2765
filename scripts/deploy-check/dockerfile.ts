/**
 * A Dockerfile reader (instructions, line continuations, heredocs, stages, ARG defaults) and the
 * checks on the image recipe that would otherwise only show up when building or running it.
 */

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** Bodies of `<<EOF` heredocs attached to the instruction, in order. */
  readonly heredocs: readonly string[];
  readonly line: number;
}

export interface Stage {
  readonly name?: string;
  /** Image after ARG substitution. */
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly globalArgs: Readonly<Record<string, string>>;
  readonly stages: readonly Stage[];
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  const instructions: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let raw = lines[i] ?? '';
    i += 1;
    if (/^\s*(#|$)/.test(raw)) continue;
    while (/\\\s*$/.test(raw) && i < lines.length) {
      const next = lines[i] ?? '';
      i += 1;
      if (/^\s*#/.test(next)) continue;
      raw = `${raw.replace(/\\\s*$/, '')} ${next.trim()}`;
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(raw);
    if (!m) continue;
    const heredocs: string[] = [];
    for (const h of (m[2] ?? '').matchAll(HEREDOC)) {
      const marker = h[3] ?? '';
      const body: string[] = [];
      while (i < lines.length && (h[1] === '-' ? (lines[i] ?? '').trim() : lines[i]) !== marker) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      if (i >= lines.length) throw new Error(`line ${start + 1}: heredoc ${marker} is not closed`);
      i += 1;
      heredocs.push(body.join('\n'));
    }
    instructions.push({ keyword: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim(), heredocs, line: start + 1 });
  }

  const globalArgs: Record<string, string> = {};
  const stages: { name?: string; from: string; instructions: Instruction[] }[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const image = (parts[0] ?? '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, v: string) => globalArgs[v] ?? '');
      const asIndex = parts.findIndex((p) => p.toUpperCase() === 'AS');
      stages.push({ name: asIndex >= 0 ? parts[asIndex + 1] : undefined, from: image, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [k, v] = ins.args.split('=');
        if (k) globalArgs[k.trim()] = (v ?? '').trim();
      }
    } else {
      stages[stages.length - 1]?.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

/** `ENV A=1 B="two"` (and the legacy `ENV A 1`) of a stage, later values winning. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'ENV') continue;
    if (!ins.args.includes('=')) {
      const [k, ...rest] = ins.args.split(/\s+/);
      if (k) env[k] = rest.join(' ');
      continue;
    }
    for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)) {
      env[m[1] ?? ''] = m[3] ?? m[4] ?? m[5] ?? '';
    }
  }
  return env;
}

/** The files a stage writes with `COPY <<EOF /path`: path to content. */
function heredocFiles(stage: Stage): Record<string, string> {
  const files: Record<string, string> = {};
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'COPY' || ins.heredocs.length === 0) continue;
    const dest = ins.args.split(/\s+/).pop() ?? '';
    files[dest] = ins.heredocs[0] ?? '';
  }
  return files;
}

const INSTALLS = /(^|[\s;&|(])(npm|npx|yarn|pnpm)\s+(install|i|ci|add)\b/;

export interface DockerfileExpectations {
  /** Workspace folders (`libs/shared`, `services/gateway`, ...) from the root package.json. */
  readonly workspaces: readonly string[];
  /** The workspaces the image runs (the services and what they depend on): their dist must be copied. */
  readonly runtimeWorkspaces: readonly string[];
  /** Service names (folders under services/) that SERVICE may choose. */
  readonly services: readonly string[];
  /** Files and folders read at run time (`services/questionnaire/rulesets`, ...). */
  readonly runtimeData: readonly string[];
}

export function checkDockerfile(text: string, expect: DockerfileExpectations): string[] {
  const problems: string[] = [];
  let df: Dockerfile;
  try {
    df = parseDockerfile(text);
  } catch (error) {
    return [`Dockerfile does not parse: ${(error as Error).message}`];
  }
  const final = df.stages[df.stages.length - 1];
  if (!final || df.stages.length < 2) return ['Dockerfile: needs a multi-stage build (build stage(s) and a runtime stage)'];
  const names = new Set<string>();
  df.stages.forEach((s, idx) => {
    for (const ins of s.instructions) {
      const from = /--from=(\S+)/.exec(ins.args)?.[1];
      if (ins.keyword === 'COPY' && from !== undefined && !names.has(from) && !(/^\d+$/.test(from) && Number(from) < idx)) {
        problems.push(`Dockerfile line ${ins.line}: COPY --from=${from} names no earlier stage`);
      }
    }
    if (s.name) names.add(s.name);
  });

  if (!/(slim|alpine|distroless)/.test(final.from))
    problems.push(`Dockerfile: the runtime stage starts from ${final.from || '(nothing)'}, not a slim/alpine/distroless image`);
  if (!/^node:\d+/.test(final.from) && !final.from.includes('nodejs')) problems.push(`Dockerfile: the runtime stage is not a Node.js image (${final.from})`);

  const users = final.instructions.filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1]?.args.split(':')[0];
  if (user === undefined) problems.push('Dockerfile: the runtime stage sets no USER (it would run as root)');
  else if (!/^\d+$/.test(user)) problems.push(`Dockerfile: USER ${user} must be numeric (runAsNonRoot cannot verify a user name)`);
  else if (Number(user) === 0) problems.push('Dockerfile: USER 0 is root');

  const hc = final.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
  if (hc.length === 0 || /^NONE\b/i.test(hc[hc.length - 1]?.args ?? '')) problems.push('Dockerfile: the runtime stage has no HEALTHCHECK');

  for (const ins of final.instructions) {
    if (ins.keyword === 'RUN' && (INSTALLS.test(ins.args) || ins.heredocs.some((h) => INSTALLS.test(h)))) {
      problems.push(`Dockerfile line ${ins.line}: the runtime stage installs packages (${ins.args.slice(0, 60)}); copy node_modules from a build stage`);
    }
  }
  if (!stageEnv(final).NODE_ENV || stageEnv(final).NODE_ENV !== 'production') problems.push('Dockerfile: the runtime stage must set ENV NODE_ENV=production');

  const all = df.stages.flatMap((s) => s.instructions);
  const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  if (runs.some((r) => /\bnpm\s+(install|i)\b/.test(r))) problems.push('Dockerfile: use npm ci (the lock file), never npm install');
  if (!runs.some((r) => /\bnpm\s+ci\b/.test(r))) problems.push('Dockerfile: no stage installs dependencies with npm ci');
  if (!runs.some((r) => /\bnpm\s+ci\b[^&;]*--omit=dev/.test(r)))
    problems.push('Dockerfile: no stage installs production dependencies only (npm ci --omit=dev)');
  if (!runs.some((r) => /\bnpm\s+run\s+build\b/.test(r))) problems.push('Dockerfile: no stage runs npm run build');
  // The root postinstall generates libs/client's types from sources npm ci runs before (and, with
  // --omit=dev, without the generator): install scripts are skipped, and the build generates them.
  for (const r of runs) {
    for (const command of r.split(/&&|\|\||;/)) {
      if (/\bnpm\s+ci\b/.test(command) && !/--ignore-scripts\b/.test(command))
        problems.push(`Dockerfile: npm ci without --ignore-scripts (${command.trim().slice(0, 60)}); install scripts need sources not yet copied`);
    }
  }
  const copies = all.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  if (!copies.some((c) => c.includes('package-lock.json'))) problems.push('Dockerfile: package-lock.json is never copied (npm ci needs it)');

  // npm ci with workspaces needs every workspace's package.json; the runtime needs every dist it runs.
  const finalCopies = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  for (const ws of expect.workspaces) {
    if (!copies.some((c) => !c.includes('--from') && c.includes(`${ws}/package.json`)))
      problems.push(`Dockerfile: ${ws}/package.json is not copied before npm ci`);
  }
  for (const ws of expect.runtimeWorkspaces) {
    if (!finalCopies.some((c) => c.includes(`${ws}/dist`))) problems.push(`Dockerfile: the runtime stage does not copy ${ws}/dist`);
  }

  for (const data of expect.runtimeData) {
    if (!finalCopies.some((c) => c.includes(`/app/${data} `) || c.endsWith(`/app/${data}`)))
      problems.push(`Dockerfile: the runtime stage does not copy ${data}, which the code reads at run time`);
  }

  const entry = final.instructions.filter((i) => i.keyword === 'ENTRYPOINT').pop();
  if (!entry) problems.push('Dockerfile: the runtime stage has no ENTRYPOINT choosing the process');
  else {
    const exe = /^\[\s*"([^"]+)"/.exec(entry.args)?.[1] ?? entry.args.split(/\s+/)[0] ?? '';
    const files = heredocFiles(final);
    const script = Object.entries(files).find(([path]) => path === exe || path.endsWith(`/${exe}`))?.[1];
    if (script === undefined) problems.push(`Dockerfile: the ENTRYPOINT ${exe} is not created in the runtime stage`);
    else {
      for (const s of expect.services) if (!new RegExp(`\\b${s}\\b`).test(script)) problems.push(`Dockerfile: the entry script does not accept SERVICE=${s}`);
      for (const p of ['api', 'worker', 'migrate'])
        if (!new RegExp(`\\b${p}\\)`).test(script)) problems.push(`Dockerfile: the entry script does not handle PROCESS=${p}`);
      if (!/\bexec\s+node\b/.test(script)) problems.push('Dockerfile: the entry script must exec node (PID 1 must receive SIGTERM)');
      // PROCESS=migrate runs each service's own entry point (src/migrate.ts, checked by the anatomy test).
      if (!/\bmigrate\)(?:(?!;;)[\s\S])*exec\s+node\s+"services\/\$\{SERVICE\}\/dist\/migrate\.js"/.test(script)) {
        problems.push('Dockerfile: PROCESS=migrate must exec node services/${SERVICE}/dist/migrate.js');
      }
    }
  }
  return problems;
}
