/**
 * Offline checks of the deployment files (Docker, Compose and Kubernetes cannot run on the
 * development machines): `npx jest scripts/deploy-check`. Every check is also fed a deliberately
 * broken copy, in memory, to prove it can fail.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ConfigDefinition, type ConfigFields } from '@inps/shared';
import { checkCompose, parseCompose, type ComposeExpectations, type ComposeFile, type ComposeService } from './compose';
import { checkDockerfile, parseDockerfile, stageEnv } from './dockerfile';
import { checkK8s, type K8sExpectations } from './k8s-checks';
import { checkObservability, markdownAnchors, parsePromQL, type MetricContract, type ObservabilityExpectations } from './observability';
import { validateWithKubernetesModels } from './k8s-schema';
import { applyJson6902, kustomize, KustomizeError, memoryFiles, type JsonObject, type KObject } from './kustomize';
import { ROOT, runtimeData, runtimeWorkspaces, services, workspaces } from './project';
import { checkRuntime, readRuntimeFiles, runtimeMajor } from './runtime';

jest.setTimeout(60_000);

type AnyDefinition = ConfigDefinition<ConfigFields>;

const SERVICES = services();
const NAMES = SERVICES.map((s) => s.name);
const WITH_WORKER = SERVICES.filter((s) => s.hasWorker).map((s) => s.name);
const WITH_MIGRATIONS = SERVICES.filter((s) => s.hasMigrations).map((s) => s.name);
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const COMPOSE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const parsedDockerfile = parseDockerfile(DOCKERFILE);
const SECRET_TEMPLATES = parseAllDocuments(readFileSync(join(ROOT, 'k8s/base/secret.template.yaml'), 'utf8')).map((d) => d.toJS() as KObject);
const IMAGE_ENV = stageEnv(parsedDockerfile.stages[parsedDockerfile.stages.length - 1] as never);

function isDefinition(v: unknown): v is AnyDefinition {
  return typeof v === 'object' && v !== null && typeof (v as AnyDefinition).extend === 'function' && typeof (v as AnyDefinition).fields === 'object';
}

/** Each service's configuration, from its own *.config.ts (the one its main.ts loads). */
const definitions = new Map<string, AnyDefinition>();

beforeAll(async () => {
  for (const s of SERVICES) {
    for (const file of s.configFiles) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (isDefinition(v)) definitions.set(s.name, v);
    }
  }
});

const LOOPBACK = /^(127\.|localhost$|\[?::1\]?$)/;

/**
 * Variables a container must set explicitly: those its configuration requires, those whose default
 * only works on one machine (a URL on 127.0.0.1), DATABASE_URL where there are migrations (absent,
 * the service would start an embedded PostgreSQL) and REDIS_URL (absent, queues and rate limits
 * fall back to PostgreSQL or memory).
 */
export function containerRequired(name: string, def: AnyDefinition): string[] {
  const out = new Set<string>(['REDIS_URL']);
  if (WITH_MIGRATIONS.includes(name)) out.add('DATABASE_URL');
  for (const [variable, field] of Object.entries(def.fields)) {
    const r = field.read(undefined);
    if (!r.ok) out.add(variable);
    else if (typeof r.value === 'string' && /^[a-z]+:\/\//.test(r.value)) {
      try {
        if (LOOPBACK.test(new URL(r.value).hostname)) out.add(variable);
      } catch {
        // not a URL
      }
    }
  }
  return [...out].sort();
}

function validateWith(defs: ReadonlyMap<string, AnyDefinition>) {
  return (service: string, env: Readonly<Record<string, string>>): string[] => {
    const def = defs.get(service);
    if (!def) return [`no configuration definition for SERVICE=${service} (services/${service}/src/*.config.ts)`];
    const problems = containerRequired(service, def)
      .filter((v) => env[v] === undefined || env[v] === '')
      .map((v) => `${v} must be set explicitly in a container`);
    try {
      loadConfig(def, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems.map((p) => `${p.variable} ${p.issue}`));
    }
    return problems;
  };
}

const composeExpect = (defs: ReadonlyMap<string, AnyDefinition> = definitions): ComposeExpectations => ({
  apis: NAMES,
  workers: WITH_WORKER,
  migrated: WITH_MIGRATIONS,
  imageEnv: IMAGE_ENV,
  validateEnv: validateWith(defs),
});

const k8sExpect = (overlay: 'dev' | 'prod', defs: ReadonlyMap<string, AnyDefinition> = definitions): K8sExpectations => ({
  namespace: overlay === 'prod' ? 'inps-prod' : 'inps-dev',
  apis: NAMES,
  workers: WITH_WORKER,
  migrated: WITH_MIGRATIONS,
  autoscaled: ['gateway', 'questionnaire'],
  production: overlay === 'prod',
  imageEnv: IMAGE_ENV,
  externalSecrets: SECRET_TEMPLATES,
  validateEnv: validateWith(defs),
});

function expectProblem(problems: readonly string[], pattern: RegExp): void {
  if (!problems.some((p) => pattern.test(p))) throw new Error(`expected a problem matching ${String(pattern)}, got:\n  ${problems.join('\n  ') || '(none)'}`);
}

describe('repository facts the checks rely on', () => {
  it('finds the services, their workers, migrations and configurations', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['gateway', 'questionnaire', 'agreements', 'monitoring']));
    expect(WITH_WORKER).toEqual(expect.arrayContaining(['questionnaire', 'agreements', 'monitoring']));
    expect(WITH_MIGRATIONS).toEqual(expect.arrayContaining(['questionnaire', 'agreements', 'monitoring']));
    for (const s of SERVICES) if (s.configFiles.length > 0) expect(definitions.has(s.name)).toBe(true);
  });

  it('lists what each container must set (printed for review)', () => {
    const table = Object.fromEntries([...definitions].map(([name, def]) => [name, containerRequired(name, def)]));
    expect(table.questionnaire).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    if (table.gateway) expect(table.gateway).toEqual(expect.arrayContaining(['QUESTIONNAIRE_URL', 'AGREEMENTS_URL', 'MONITORING_URL']));
  });

  it('fails when a configuration gains a required variable the deployment does not set', async () => {
    const { str } = await import('@inps/shared');
    const grown = new Map(definitions);
    grown.set('questionnaire', (definitions.get('questionnaire') as AnyDefinition).extend({ BRAND_NEW_SETTING: str() }) as unknown as AnyDefinition);
    expectProblem(checkCompose(parseCompose(COMPOSE), composeExpect(grown)), /questionnaire: BRAND_NEW_SETTING must be set explicitly/);
    expectProblem(checkK8s(kustomize(join(ROOT, 'k8s/overlays/prod')), k8sExpect('prod', grown)), /\(questionnaire\): BRAND_NEW_SETTING is required/);
  });
});

// -------------------------------------------------------------------------------------------------
describe('Node.js runtime', () => {
  const files = readRuntimeFiles();

  it('is named alike in .nvmrc, package.json and the Dockerfile, and is the one running these tests', () => {
    expect(checkRuntime(files)).toEqual([]);
    // npm puts node_modules/.bin first on the PATH of its scripts: `npm test` runs on the pinned runtime.
    expect(Number(process.versions.node.split('.')[0])).toBe(runtimeMajor(files));
  });

  const broken: [string, (f: typeof files) => typeof files, RegExp][] = [
    ['engines left behind', (f) => ({ ...f, packageJson: f.packageJson.replace(/"node": ">=\d+"/, '"node": ">=20.19"') }), /engines.node/],
    ['devDependency left behind', (f) => ({ ...f, packageJson: f.packageJson.replace(/"node": "\d+\.\d+\.\d+"/, '"node": "20.20.0"') }), /node devDependency/],
    ['image left behind', (f) => ({ ...f, dockerfile: f.dockerfile.replace(/NODE_IMAGE=node:\d+/, 'NODE_IMAGE=node:20') }), /NODE_IMAGE is Node.js 20/],
  ];
  it.each(broken)('reports a broken copy: %s', (_name, mutate, pattern) => {
    expectProblem(checkRuntime(mutate(files)), pattern);
  });
});

// -------------------------------------------------------------------------------------------------
describe('Dockerfile', () => {
  const expectations = { workspaces: workspaces(), runtimeWorkspaces: runtimeWorkspaces(), services: NAMES, runtimeData: runtimeData() };

  it('is multi-stage, non-root, healthchecked, and installs nothing at run time', () => {
    expect(checkDockerfile(DOCKERFILE, expectations)).toEqual([]);
    const final = parsedDockerfile.stages[parsedDockerfile.stages.length - 1];
    expect(final?.from).toMatch(new RegExp(`^node:${runtimeMajor()}[\\w.-]*-slim$`));
    expect(IMAGE_ENV.NODE_ENV).toBe('production');
    expect(runtimeData()).toEqual(expect.arrayContaining(['services/questionnaire/rulesets', 'services/agreements/data', 'libs/territories/data']));
    // The typed client is for partners and the end-to-end tests; no service runs it.
    expect(runtimeWorkspaces()).toEqual(expect.arrayContaining(['libs/kernel', 'libs/shared', 'libs/territories', 'services/gateway']));
    expect(runtimeWorkspaces()).not.toContain('libs/client');
  });

  const finalStage = (text: string): number => text.lastIndexOf('FROM ${NODE_IMAGE} AS runtime');
  const broken: [string, (t: string) => string, RegExp][] = [
    ['no USER', (t) => t.replace(/^USER .*$/m, ''), /sets no USER/],
    ['USER root', (t) => t.replace(/^USER .*$/m, 'USER 0'), /USER 0 is root/],
    ['USER by name', (t) => t.replace(/^USER .*$/m, 'USER node'), /must be numeric/],
    ['no HEALTHCHECK', (t) => t.replace(/^HEALTHCHECK .*$/m, ''), /no HEALTHCHECK/],
    ['npm install in the runtime stage', (t) => `${t}\nRUN npm install --omit=dev\n`, /runtime stage installs packages/],
    ['full node image', (t) => t.replace('ARG NODE_IMAGE=node:24.21-bookworm-slim', 'ARG NODE_IMAGE=node:24.21-bookworm'), /not a slim/],
    ['npm install instead of npm ci', (t) => t.replace('npm ci --ignore-scripts\n', 'npm install\n'), /use npm ci/],
    ['npm ci running install scripts', (t) => t.replace('npm ci --ignore-scripts\n', 'npm ci\n'), /npm ci without --ignore-scripts/],
    [
      'a workspace left out of npm ci',
      (t) => t.replace('COPY services/monitoring/package.json services/monitoring/\n', ''),
      /services\/monitoring\/package.json is not copied/,
    ],
    [
      'a dist left out of the runtime',
      (t) => t.replace('COPY --from=build /app/services/agreements/dist services/agreements/dist\n', ''),
      /does not copy services\/agreements\/dist/,
    ],
    ['COPY from a missing stage', (t) => t.replace('COPY --from=prod-deps', 'COPY --from=prod-dependencies'), /names no earlier stage/],
    ['entry script without migrate', (t) => t.replace('  migrate)', '  migration)'), /does not handle PROCESS=migrate/],
    [
      'entry script without a service',
      (t) => t.replace('gateway|questionnaire|agreements|monitoring) ;;', 'gateway|questionnaire|agreements) ;;').replace(/monitoring/g, 'monit'),
      /does not accept SERVICE=monitoring/,
    ],
    [
      'runtime data left out',
      (t) => t.replace('COPY --from=build /app/services/questionnaire/rulesets services/questionnaire/rulesets\n', ''),
      /does not copy services\/questionnaire\/rulesets/,
    ],
    ['migrate running something else', (t) => t.replace('dist/migrate.js', 'dist/main.js'), /must exec node services\/\$\{SERVICE\}\/dist\/migrate\.js/],
    ['single stage', (t) => t.slice(finalStage(t)), /multi-stage/],
  ];
  it.each(broken)('reports a broken copy: %s', (_name, mutate, pattern) => {
    const text = mutate(DOCKERFILE);
    expect(text).not.toBe(DOCKERFILE);
    expectProblem(checkDockerfile(text, expectations), pattern);
  });
});

// -------------------------------------------------------------------------------------------------
describe('docker-compose.yml', () => {
  const doc = (): ComposeFile => parseCompose(COMPOSE);

  it('matches the compose schema subset and its semantics', () => {
    expect(checkCompose(doc(), composeExpect())).toEqual([]);
  });

  it('has an API and a worker per service, migrations first, dev auth only with NODE_ENV=development', () => {
    const d = doc();
    const app = Object.values(d.services).filter((s) => (s.environment as Record<string, string> | undefined)?.SERVICE);
    expect(app.length).toBe(NAMES.length + WITH_WORKER.length + WITH_MIGRATIONS.length);
    for (const s of app) expect((s.environment as Record<string, string>).AUTH_MODE).toBe('dev');
  });

  const svc = (d: ComposeFile, name: string): ComposeService => d.services[name] as ComposeService;
  const env = (d: ComposeFile, name: string): Record<string, string> => svc(d, name).environment as Record<string, string>;
  const broken: [string, (d: ComposeFile) => void, RegExp][] = [
    ['a misspelt key', (d) => Object.assign(svc(d, 'questionnaire'), { depend_on: {} }), /additional properties \(depend_on\)/],
    [
      'a dependency on a missing service',
      (d) => Object.assign(svc(d, 'agreements').depends_on as object, { ghost: { condition: 'service_started' } }),
      /depends_on ghost, which is not a service/,
    ],
    ['no healthcheck', (d) => delete svc(d, 'monitoring-worker').healthcheck, /monitoring-worker: no healthcheck/],
    ['writable root filesystem', (d) => (svc(d, 'gateway').read_only = false), /gateway: read_only: true is missing/],
    ['root user', (d) => (svc(d, 'questionnaire-worker').user = '0:0'), /numeric non-root UID/],
    ['no /tmp tmpfs', (d) => delete svc(d, 'agreements').tmpfs, /\/tmp must be a tmpfs/],
    ['capabilities kept', (d) => delete svc(d, 'agreements').cap_drop, /cap_drop/],
    [
      'service not waiting for its migration',
      (d) => delete (svc(d, 'monitoring').depends_on as Record<string, unknown>)['monitoring-migrate'],
      /monitoring: must wait for monitoring-migrate/,
    ],
    [
      'migration waited for as a mere start',
      (d) => ((svc(d, 'questionnaire').depends_on as Record<string, { condition: string }>)['questionnaire-migrate'] = { condition: 'service_started' }),
      /must wait for questionnaire-migrate/,
    ],
    ['restarting migration', (d) => (svc(d, 'agreements-migrate').restart = 'unless-stopped'), /one-shot service needs restart/],
    ['no worker', (d) => delete d.services['agreements-worker'], /no worker container for agreements/],
    ['redis without AOF', (d) => (svc(d, 'redis').command = ['redis-server', '--maxmemory-policy', 'noeviction']), /AOF must be on/],
    ['redis evicting keys', (d) => (svc(d, 'redis').command = ['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru']), /noeviction/],
    ['old PostgreSQL', (d) => (svc(d, 'postgres').image = 'postgres:12'), /PostgreSQL 16 or later/],
    ['gateway not published', (d) => delete svc(d, 'gateway').ports, /must publish port 3000/],
    ['a port published by a service', (d) => (svc(d, 'questionnaire').ports = ['3001:3001']), /only the gateway publishes ports/],
    ['gateway URL left to its 127.0.0.1 default', (d) => delete env(d, 'gateway').AGREEMENTS_URL, /gateway: AGREEMENTS_URL must be set explicitly/],
    ['gateway URL to a missing service', (d) => (env(d, 'gateway').MONITORING_URL = 'http://monitor:3003'), /MONITORING_URL points at monitor/],
    [
      'no DATABASE_URL (embedded PostgreSQL in a read-only container)',
      (d) => delete env(d, 'agreements-worker').DATABASE_URL,
      /agreements-worker: DATABASE_URL must be set/,
    ],
    ['a value the configuration refuses', (d) => (env(d, 'questionnaire').PORT = 'http'), /questionnaire: PORT must be an integer/],
    ['jwks without its URL', (d) => (env(d, 'monitoring').AUTH_MODE = 'jwks'), /monitoring: AUTH_JWKS_URL is required when AUTH_MODE=jwks/],
    [
      'database credentials given to the gateway',
      (d) => (env(d, 'gateway').DATABASE_URL = 'postgres://inps:x@postgres:5432/inps'),
      /gateway has no database and must not get DATABASE_URL/,
    ],
    ['dev auth in production', (d) => (env(d, 'questionnaire').NODE_ENV = 'production'), /questionnaire: AUTH_MODE is dev, which is refused/],
  ];
  it.each(broken)('reports a broken copy: %s', (_name, mutate, pattern) => {
    const d = doc();
    mutate(d);
    expectProblem(checkCompose(d, composeExpect()), pattern);
  });
});

// -------------------------------------------------------------------------------------------------
describe('kustomize renderer', () => {
  const base = '/k';
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "img:1", ports: [{ containerPort: 80 }] }]
`;
  const files = (overlay: string, extra: Record<string, string> = {}): ReturnType<typeof memoryFiles> =>
    memoryFiles({
      [`${base}/base/kustomization.yaml`]: 'resources: [ns.yaml, web.yaml, svc.yaml, cm.yaml]\ncommonLabels: { team: inps }\n',
      [`${base}/base/ns.yaml`]: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: original }\n',
      [`${base}/base/web.yaml`]: deployment,
      [`${base}/base/svc.yaml`]: 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n',
      [`${base}/base/cm.yaml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\ndata: { A: "1", B: "2" }\n',
      [`${base}/overlay/kustomization.yaml`]: overlay,
      ...extra,
    });
  const render = (overlay: string, extra?: Record<string, string>): KObject[] => kustomize(`${base}/overlay`, files(overlay, extra));
  const find = (objs: KObject[], kind: string): KObject => objs.find((o) => o.kind === kind) as KObject;

  it('renders directories, namespace (renaming the Namespace), labels, images, replicas, generators and patches', () => {
    const out = render(`namespace: prod
resources: [../base]
labels:
  - pairs: { tier: backend }
    includeSelectors: false
    includeTemplates: true
images: [{ name: img, newName: reg/img, newTag: "2" }]
replicas: [{ name: web, count: 3 }]
generatorOptions: { disableNameSuffixHash: true }
configMapGenerator: [{ name: cfg, behavior: merge, literals: [B=3, C=x=y] }]
patches:
  - target: { kind: Deployment, name: we. }
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env
        value: [{ name: X, value: "1" }]
`);
    const d = find(out, 'Deployment');
    const spec = d.spec as JsonObject;
    expect(find(out, 'Namespace').metadata.name).toBe('prod');
    expect(find(out, 'Namespace').metadata.namespace).toBeUndefined();
    expect(d.metadata.namespace).toBe('prod');
    expect(d.metadata.labels).toEqual({ app: 'web', team: 'inps', tier: 'backend' });
    expect(spec.selector).toEqual({ matchLabels: { app: 'web', team: 'inps' } });
    expect(((spec.template as JsonObject).metadata as JsonObject).labels).toEqual({ app: 'web', team: 'inps', tier: 'backend' });
    expect((find(out, 'Service').spec as JsonObject).selector).toEqual({ app: 'web', team: 'inps' });
    expect(spec.replicas).toBe(3);
    const container = (((spec.template as JsonObject).spec as JsonObject).containers as JsonObject[])[0] as JsonObject;
    expect(container.image).toBe('reg/img:2');
    expect(container.env).toEqual([{ name: 'X', value: '1' }]);
    expect(find(out, 'ConfigMap').data).toEqual({ A: '1', B: '3', C: 'x=y' });
  });

  it('generates a ConfigMap from files, keyed by file name or by key=path, with labels', () => {
    const out = render(
      `resources: [../base]
generatorOptions: { disableNameSuffixHash: true }
configMapGenerator:
  - name: dash
    files: [dashboards/a.json, renamed.json=dashboards/b.json]
    options: { labels: { grafana_dashboard: "1" } }
`,
      { [`${base}/overlay/dashboards/a.json`]: '{"a":1}\n', [`${base}/overlay/dashboards/b.json`]: '{"b":2}\n' },
    );
    const cm = out.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'dash') as KObject;
    expect(cm.data).toEqual({ 'a.json': '{"a":1}\n', 'renamed.json': '{"b":2}\n' });
    expect(cm.metadata.labels).toEqual({ grafana_dashboard: '1' });
    expect(() =>
      render('resources: [../base]\ngeneratorOptions: { disableNameSuffixHash: true }\nconfigMapGenerator: [{ name: dash, files: [missing.json] }]\n'),
    ).toThrow(/file missing.json does not exist/);
  });

  it.each([
    ['an unsupported field', 'resources: [../base]\nnamePrefix: x-\n', /namePrefix" is not supported/],
    ['a strategic-merge patch', 'resources: [../base]\npatches:\n  - target: { kind: Deployment }\n    patch: "spec: { replicas: 2 }"\n', /only JSON6902/],
    ['a patch without target', 'resources: [../base]\npatches:\n  - patch: "[]"\n', /needs a target/],
    ['a patch matching nothing', 'resources: [../base]\npatches:\n  - target: { kind: Deployment, name: nope }\n    patch: "[]"\n', /matches nothing/],
    [
      'a replace of a missing path',
      'resources: [../base]\npatches:\n  - target: { kind: Service }\n    patch: "[{op: replace, path: /spec/nothing, value: 1}]"\n',
      /no nothing/,
    ],
    ['hashed generator names', 'resources: [../base]\nconfigMapGenerator: [{ name: cfg, behavior: merge, literals: [A=2] }]\n', /disableNameSuffixHash/],
    [
      'a merge into nothing',
      'resources: [../base]\ngeneratorOptions: { disableNameSuffixHash: true }\nconfigMapGenerator: [{ name: other, behavior: merge, literals: [A=2] }]\n',
      /exactly one existing ConfigMap other/,
    ],
    ['a replicas entry for nothing', 'resources: [../base]\nreplicas: [{ name: api, count: 2 }]\n', /no workload named api/],
    ['a missing resource', 'resources: [../base, nope.yaml]\n', /nope.yaml does not exist/],
    ['a duplicated object', 'resources: [../base, again.yaml]\n', /defined twice/],
  ])('refuses %s', (_name, overlay, pattern) => {
    expect(() => render(overlay, { [`${base}/overlay/again.yaml`]: deployment })).toThrow(KustomizeError);
    expect(() => render(overlay, { [`${base}/overlay/again.yaml`]: deployment })).toThrow(pattern);
  });

  it('applies JSON6902 add/replace/remove/test with escaped pointers and array appends', () => {
    const doc = { metadata: { annotations: { 'a/b': 'x' } }, list: [1, 2] } as JsonObject;
    const out = applyJson6902(doc, [
      { op: 'test', path: '/metadata/annotations/a~1b', value: 'x' },
      { op: 'replace', path: '/metadata/annotations/a~1b', value: 'y' },
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'add', path: '/list/0', value: 0 },
      { op: 'remove', path: '/list/1' },
    ]);
    expect(out).toEqual({ metadata: { annotations: { 'a/b': 'y' } }, list: [0, 2, 3] });
    expect(doc.list).toEqual([1, 2]);
    expect(() => applyJson6902(doc, [{ op: 'test', path: '/list/0', value: 9 }])).toThrow(/test failed/);
  });
});

// -------------------------------------------------------------------------------------------------
describe.each(['dev', 'prod'] as const)('k8s/overlays/%s', (overlay) => {
  const render = (): KObject[] => kustomize(join(ROOT, 'k8s/overlays', overlay));

  it('renders with the supported kustomize features', () => {
    const objects = render();
    expect(objects.length).toBeGreaterThan(20);
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        'Namespace',
        'ConfigMap',
        'Deployment',
        'Service',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Ingress',
        'Job',
        'ServiceMonitor',
        'PrometheusRule',
      ]),
    );
  });

  it('validates every object, and the Secret templates, against the Kubernetes schemas (kubernetes-models)', () => {
    expect(SECRET_TEMPLATES.map((s) => s.kind)).toEqual(['Secret', 'Secret']);
    expect(validateWithKubernetesModels([...render(), ...SECRET_TEMPLATES])).toEqual([]);
  });

  it('keeps the invariants a cluster would otherwise reveal', () => {
    expect(checkK8s(render(), k8sExpect(overlay))).toEqual([]);
  });

  it('schema validation fails on wrong types, missing fields and unknown kinds', () => {
    const objects = render();
    const d = structuredClone(objects.find((o) => o.kind === 'Deployment')) as KObject;
    ((((d.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0]!.ports = [{ containerPort: '3000' }];
    const j = structuredClone(objects.find((o) => o.kind === 'Job')) as KObject;
    delete (((((j.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0] as JsonObject).name;
    const unknown = { apiVersion: 'v1', kind: 'Gadget', metadata: { name: 'g' } } as KObject;
    const old = { ...structuredClone(objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as KObject), apiVersion: 'autoscaling/v2beta2' } as KObject;
    const sm = structuredClone(objects.find((o) => o.kind === 'ServiceMonitor')) as KObject;
    (sm.spec as JsonObject).endpoints = 'metrics';
    const problems = validateWithKubernetesModels([d, j, unknown, old, sm]);
    expectProblem(problems, /ServiceMonitor\/.*endpoints must be array/);
    expectProblem(problems, /containerPort must be integer/);
    expectProblem(problems, /Job\/.*containers\/0 must have required property name/);
    expectProblem(problems, /Gadget\/g: unknown kind/);
    expectProblem(problems, /unknown kind autoscaling\/v2beta2/);
  });

  type Mutation = [string, (objs: KObject[]) => void, RegExp];
  const get = (objs: KObject[], kind: string, name: string): KObject => {
    const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
    if (!o) throw new Error(`${kind}/${name} not rendered`);
    return o;
  };
  const pod = (o: KObject): JsonObject => ((o.spec as JsonObject).template as JsonObject).spec as JsonObject;
  const container = (o: KObject): JsonObject => (pod(o).containers as JsonObject[])[0] as JsonObject;
  const broken: Mutation[] = [
    [
      'selector not matching the template',
      (o) => ((get(o, 'Deployment', 'agreements').spec as JsonObject).selector = { matchLabels: { 'app.kubernetes.io/name': 'agreement' } }),
      /Deployment\/.*agreements: selector/,
    ],
    [
      'Service selecting nothing',
      (o) => ((get(o, 'Service', 'monitoring').spec as JsonObject).selector = { app: 'monitoring' }),
      /Service\/.*monitoring: selector .* matches no Deployment/,
    ],
    [
      'Service targetPort that is not a port',
      (o) => (((get(o, 'Service', 'questionnaire').spec as JsonObject).ports as JsonObject[])[0]!.targetPort = 'web'),
      /targetPort web is not a port/,
    ],
    [
      'no readiness probe',
      (o) => delete container(get(o, 'Deployment', 'questionnaire')).readinessProbe,
      /questionnaire: readinessProbe must GET \/health\/ready/,
    ],
    [
      'liveness probe on the wrong path',
      (o) => (((container(get(o, 'Deployment', 'gateway')).livenessProbe as JsonObject).httpGet as JsonObject).path = '/healthz'),
      /gateway: livenessProbe must GET \/health\/live/,
    ],
    [
      'probe on a missing port name',
      (o) => (((container(get(o, 'Deployment', 'agreements')).readinessProbe as JsonObject).httpGet as JsonObject).port = 'admin'),
      /readinessProbe port admin/,
    ],
    [
      'writable root filesystem',
      (o) => ((container(get(o, 'Deployment', 'monitoring-worker')).securityContext as JsonObject).readOnlyRootFilesystem = false),
      /monitoring-worker: readOnlyRootFilesystem/,
    ],
    [
      'privilege escalation',
      (o) => delete (container(get(o, 'Job', 'agreements-migrate')).securityContext as JsonObject).allowPrivilegeEscalation,
      /agreements-migrate: allowPrivilegeEscalation/,
    ],
    [
      'capabilities kept',
      (o) => ((container(get(o, 'Deployment', 'gateway')).securityContext as JsonObject).capabilities = { drop: ['NET_RAW'] }),
      /capabilities.drop must include ALL/,
    ],
    [
      'root allowed',
      (o) => {
        delete pod(get(o, 'Deployment', 'questionnaire')).securityContext;
        delete (container(get(o, 'Deployment', 'questionnaire')).securityContext as JsonObject).runAsNonRoot;
      },
      /runAsNonRoot must be true/,
    ],
    [
      'no seccomp profile',
      (o) => {
        delete (pod(get(o, 'Deployment', 'agreements-worker')).securityContext as JsonObject).seccompProfile;
        delete (container(get(o, 'Deployment', 'agreements-worker')).securityContext as JsonObject).seccompProfile;
      },
      /agreements-worker: seccompProfile must be RuntimeDefault/,
    ],
    ['no emptyDir for /tmp', (o) => delete pod(get(o, 'Deployment', 'gateway')).volumes, /\/tmp must be an emptyDir/],
    ['no limits', (o) => delete (container(get(o, 'Deployment', 'monitoring')).resources as JsonObject).limits, /resources.limits.memory is missing/],
    [
      'envFrom a missing ConfigMap',
      (o) => ((container(get(o, 'Deployment', 'questionnaire')).envFrom as JsonObject[])[0] = { configMapRef: { name: 'inps-settings' } }),
      /configMapRef inps-settings does not exist/,
    ],
    [
      'envFrom a missing Secret',
      (o) => ((container(get(o, 'Deployment', 'monitoring-worker')).envFrom as JsonObject[])[1] = { secretRef: { name: 'inps-secret' } }),
      /secretRef inps-secret does not exist/,
    ],
    ['a rendered Secret', (o) => o.push({ ...(structuredClone(SECRET_TEMPLATES[0]) as KObject) }), /rendered Secret would overwrite/],
    [
      'env from a missing key',
      (o) =>
        (container(get(o, 'Deployment', 'agreements')).env as JsonObject[]).push({
          name: 'X',
          valueFrom: { configMapKeyRef: { name: 'inps-config', key: 'NOPE' } },
        }),
      /key NOPE, which does not exist/,
    ],
    [
      'Ingress to a missing Service',
      (o) =>
        ((
          ((((get(o, 'Ingress', 'gateway').spec as JsonObject).rules as JsonObject[])[0]!.http as JsonObject).paths as JsonObject[])[0]!.backend as JsonObject
        ).service = { name: 'gw', port: { name: 'http' } }),
      /backend Service gw does not exist/,
    ],
    [
      'Ingress to a missing port',
      (o) =>
        ((
          ((((get(o, 'Ingress', 'gateway').spec as JsonObject).rules as JsonObject[])[0]!.http as JsonObject).paths as JsonObject[])[0]!.backend as JsonObject
        ).service = { name: 'gateway', port: { number: 8080 } }),
      /has no port 8080/,
    ],
    [
      'Ingress exposing a service other than the gateway',
      (o) =>
        ((
          ((((get(o, 'Ingress', 'gateway').spec as JsonObject).rules as JsonObject[])[0]!.http as JsonObject).paths as JsonObject[])[0]!.backend as JsonObject
        ).service = { name: 'monitoring', port: { name: 'http' } }),
      /only the gateway may be exposed/,
    ],
    [
      'HPA on a missing Deployment',
      (o) => (((get(o, 'HorizontalPodAutoscaler', 'questionnaire').spec as JsonObject).scaleTargetRef as JsonObject).name = 'questionaire'),
      /scaleTargetRef Deployment\/questionaire does not exist/,
    ],
    ['no HPA for the gateway', (o) => o.splice(o.indexOf(get(o, 'HorizontalPodAutoscaler', 'gateway')), 1), /no HorizontalPodAutoscaler for the gateway API/],
    ['replicas outside the HPA range', (o) => ((get(o, 'Deployment', 'questionnaire').spec as JsonObject).replicas = 40), /replicas 40 outside/],
    [
      'PDB selecting nothing',
      (o) => (((get(o, 'PodDisruptionBudget', 'agreements').spec as JsonObject).selector as JsonObject).matchLabels = { app: 'x' }),
      /PodDisruptionBudget\/.*agreements: selector/,
    ],
    ['two image repositories', (o) => (container(get(o, 'Deployment', 'monitoring')).image = 'docker.io/library/node:20'), /several image repositories/],
    ['an unpinned image', (o) => (container(get(o, 'Job', 'monitoring-migrate')).image = 'registry.example.invalid/inps/inps-per-tutti'), /needs a pinned tag/],
    ['a missing worker', (o) => o.splice(o.indexOf(get(o, 'Deployment', 'questionnaire-worker')), 1), /no worker Deployment for questionnaire/],
    [
      'a worker probed on no port of its own',
      (o) => ((container(get(o, 'Deployment', 'agreements-worker')).readinessProbe as JsonObject).httpGet = { path: '/health/ready', port: 'http' }),
      /agreements-worker: readinessProbe port http is not a container port/,
    ],
    [
      'a worker without its side port',
      (o) => delete container(get(o, 'Deployment', 'monitoring-worker')).ports,
      /monitoring-worker: .*(no container port named metrics|is not a container port)/,
    ],
    [
      'a metrics port that is not METRICS_PORT',
      (o) => ((container(get(o, 'Deployment', 'questionnaire-worker')).ports as JsonObject[])[0] = { name: 'metrics', containerPort: 9100 }),
      /questionnaire-worker: containerPort 9100 differs from METRICS_PORT=9464/,
    ],
    ['a missing migration Job', (o) => o.splice(o.indexOf(get(o, 'Job', 'monitoring-migrate')), 1), /no migration Job for monitoring/],
    ['a Job restarting forever', (o) => (pod(get(o, 'Job', 'questionnaire-migrate')).restartPolicy = 'Always'), /restartPolicy Never or OnFailure/],
    [
      'pods migrating although the Job does',
      (o) => ((get(o, 'ConfigMap', 'inps-config').data as JsonObject).DATABASE_MIGRATE = 'true'),
      /DATABASE_MIGRATE must be false/,
    ],
    ['a wrong namespace', (o) => (get(o, 'Service', 'gateway').metadata.namespace = 'default'), /namespace default instead of/],
    [
      'a gateway URL left to 127.0.0.1',
      (o) => (container(get(o, 'Deployment', 'gateway')).env as JsonObject[]).splice(3, 1),
      /QUESTIONNAIRE_URL must be set explicitly/,
    ],
    [
      'database credentials given to the gateway',
      (o) => (container(get(o, 'Deployment', 'gateway')).envFrom as JsonObject[]).push({ secretRef: { name: 'inps-secrets' } }),
      /gateway has no database and must not get DATABASE_URL/,
    ],
    ['a value the configuration refuses', (o) => ((get(o, 'ConfigMap', 'inps-config').data as JsonObject).LOG_LEVEL = 'verbose'), /LOG_LEVEL must be one of/],
  ];
  if (overlay === 'prod') {
    broken.push(
      ['development auth in production', (o) => ((get(o, 'ConfigMap', 'inps-config').data as JsonObject).AUTH_MODE = 'dev'), /AUTH_MODE must be jwks/],
      ['NODE_ENV not production', (o) => ((get(o, 'ConfigMap', 'inps-config').data as JsonObject).NODE_ENV = 'development'), /NODE_ENV must be production/],
      [
        'jwks without an issuer',
        (o) => delete (get(o, 'ConfigMap', 'inps-config').data as JsonObject).AUTH_ISSUER,
        /AUTH_ISSUER is required when AUTH_MODE=jwks/,
      ],
    );
  }
  it.each(broken)('reports a broken copy: %s', (_name, mutate, pattern) => {
    const objects = structuredClone(render());
    mutate(objects);
    expectProblem(checkK8s(objects, k8sExpect(overlay)), pattern);
  });
});

describe('overlay differences', () => {
  const env = (overlay: string): JsonObject =>
    (kustomize(join(ROOT, 'k8s/overlays', overlay)).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'inps-config')?.data ?? {}) as JsonObject;

  it('prod uses Keycloak (jwks) in production mode; dev uses development tokens', () => {
    expect(env('prod')).toMatchObject({ NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_AUDIENCE: 'inps-per-tutti' });
    expect(String(env('prod').AUTH_ISSUER)).toMatch(/^https:\/\/.+\/realms\/inps-per-tutti$/);
    expect(env('dev')).toMatchObject({ NODE_ENV: 'development', AUTH_MODE: 'dev' });
    expect(env('dev').AUTH_ISSUER).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------
describe('alerts, dashboards and scraping (k8s/base/observability)', () => {
  const contract = JSON.parse(readFileSync(join(ROOT, 'docs/metrics.json'), 'utf8')) as MetricContract;
  const expectations = (over: Partial<ObservabilityExpectations> = {}): ObservabilityExpectations => ({
    contract,
    operationsMd: readFileSync(join(ROOT, 'docs/operations.md'), 'utf8'),
    runbookFile: 'docs/operations.md',
    // The topics docs/operations.md promises an alert for.
    alertedMetrics: [
      'inps_outbox_oldest_unpublished_age_seconds',
      'inps_queue_jobs',
      'inps_consumer_lag_seconds',
      'inps_http_requests_total',
      'inps_report_last_completed_semester_end_seconds',
      'inps_worker_heartbeat_seconds',
      'inps_events_refused_total',
    ],
    ...over,
  });
  const render = (): KObject[] => kustomize(join(ROOT, 'k8s/overlays/prod'));
  const rules = (objs: KObject[]): JsonObject[] =>
    (((objs.find((o) => o.kind === 'PrometheusRule') as KObject).spec as JsonObject).groups as JsonObject[]).flatMap((g) => g.rules as JsonObject[]);
  const alert = (objs: KObject[], name: string): JsonObject => {
    const r = rules(objs).find((x) => x.alert === name);
    if (!r) throw new Error(`alert ${name} not rendered`);
    return r;
  };
  const dashboardOf = (objs: KObject[]): { cm: KObject; key: string; json: JsonObject } => {
    const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard !== undefined) as KObject;
    const key = Object.keys(cm.data as JsonObject)[0] as string;
    return { cm, key, json: JSON.parse(String((cm.data as JsonObject)[key])) as JsonObject };
  };
  const setDashboard = (objs: KObject[], edit: (d: JsonObject) => void): void => {
    const { cm, key, json } = dashboardOf(objs);
    edit(json);
    (cm.data as JsonObject)[key] = JSON.stringify(json);
  };
  const firstTarget = (d: JsonObject): JsonObject =>
    (((d.panels as JsonObject[]).find((p) => p.type !== 'row') as JsonObject).targets as JsonObject[])[0] as JsonObject;

  it('renders in both overlays, and every alert, panel and ServiceMonitor holds', () => {
    for (const overlay of ['dev', 'prod']) {
      const objects = kustomize(join(ROOT, 'k8s/overlays', overlay));
      expect(checkObservability(objects, expectations())).toEqual([]);
      expect(objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => o.metadata.name)).toEqual(
        expect.arrayContaining(['gateway', 'questionnaire', 'questionnaire-worker', 'agreements-worker', 'monitoring-worker']),
      );
    }
  });

  it('reads PromQL with the Prometheus grammar: metric names, not labels or functions', () => {
    expect(parsePromQL('histogram_quantile(0.95, sum by (le, event) (rate(inps_consumer_lag_seconds_bucket[10m]))) > 1')).toEqual({
      metrics: ['inps_consumer_lag_seconds_bucket'],
    });
    expect(parsePromQL('sum(rate(a_total{x="1"}[5m])) / sum(rate(b_total[5m]))').metrics).toEqual(['a_total', 'b_total']);
    expect(parsePromQL('sum(rate(a_total[5m])').error).toMatch(/syntax error/);
    expect(parsePromQL('rate(a_total[5x])').error).toMatch(/syntax error/);
    expect([...markdownAnchors('# Operations\n## Runbooks\n### Runbook: 5xx rate\n```\n# not a heading\n```\n### Runbook: 5xx rate\n')]).toEqual([
      'operations',
      'runbooks',
      'runbook-5xx-rate',
      'runbook-5xx-rate-1',
    ]);
  });

  type Mutation = [string, (objs: KObject[]) => void, RegExp];
  const broken: Mutation[] = [
    [
      'PromQL that does not parse',
      (o) => (alert(o, 'InpsOutboxLag').expr = 'max by (service) (inps_outbox_oldest_unpublished_age_seconds > 300'),
      /InpsOutboxLag: PromQL syntax error/,
    ],
    [
      'a metric not in the contract',
      (o) => (alert(o, 'InpsFailedJobs').expr = 'max by (queue) (inps_queue_failed_jobs) > 0'),
      /InpsFailedJobs: metric inps_queue_failed_jobs is not in docs\/metrics.json/,
    ],
    ['an alert without for', (o) => delete alert(o, 'InpsConsumerLag').for, /InpsConsumerLag: for must be a duration/],
    ['an unknown severity', (o) => ((alert(o, 'InpsHttp5xxRate').labels as JsonObject).severity = 'page'), /InpsHttp5xxRate: labels.severity/],
    [
      'an alert without runbook',
      (o) => delete (alert(o, 'InpsWorkerHeartbeatStale').annotations as JsonObject).runbook_url,
      /InpsWorkerHeartbeatStale: annotations.runbook_url is missing/,
    ],
    [
      'a runbook anchor that is not a heading',
      (o) => ((alert(o, 'InpsSemiannualReportLate').annotations as JsonObject).runbook_url = 'docs/operations.md#runbook-report-late'),
      /#runbook-report-late is not a heading/,
    ],
    [
      'a runbook in another file',
      (o) => ((alert(o, 'InpsOutboxStalled').annotations as JsonObject).runbook_url = 'https://wiki.example/outbox'),
      /runbook_url must be docs\/operations.md#/,
    ],
    ['two alerts of one name', (o) => (alert(o, 'InpsOutboxStalled').alert = 'InpsOutboxLag'), /alert InpsOutboxLag: alert name used twice/],
    [
      'a topic left without an alert',
      (o) => {
        const g = ((o.find((x) => x.kind === 'PrometheusRule') as KObject).spec as JsonObject).groups as JsonObject[];
        for (const group of g) group.rules = (group.rules as JsonObject[]).filter((r) => !String(r.alert).startsWith('InpsWorkerHeartbeat'));
      },
      /no alert watches inps_worker_heartbeat_seconds/,
    ],
    ['a dashboard that is not JSON', (o) => ((dashboardOf(o).cm.data as JsonObject)[dashboardOf(o).key] = '{"panels": ['), /inps-overview.json: not JSON/],
    [
      'a panel on an unknown metric',
      (o) => setDashboard(o, (d) => (firstTarget(d).expr = 'sum(rate(http_requests_total[5m]))')),
      /metric http_requests_total is not in docs\/metrics.json/,
    ],
    [
      'a panel whose PromQL does not parse',
      (o) => setDashboard(o, (d) => (firstTarget(d).expr = 'sum by (service (rate(inps_http_requests_total[5m]))')),
      /target A: PromQL syntax error/,
    ],
    ['a dashboard without panels', (o) => setDashboard(o, (d) => (d.panels = [])), /inps-overview.json: no panels/],
    ['no dashboard label', (o) => delete (dashboardOf(o).cm.metadata.labels as JsonObject).grafana_dashboard, /no Grafana dashboard ConfigMap/],
    [
      'a ServiceMonitor on a port the Service lacks',
      (o) =>
        ((
          ((o.find((x) => x.kind === 'ServiceMonitor' && x.metadata.name === 'monitoring-worker') as KObject).spec as JsonObject).endpoints as JsonObject[]
        )[0]!.port = 'http'),
      /ServiceMonitor\/monitoring-worker: Service\/monitoring-worker-metrics has no port named http/,
    ],
    [
      'a ServiceMonitor selecting no Service',
      (o) =>
        ((((o.find((x) => x.kind === 'ServiceMonitor' && x.metadata.name === 'gateway') as KObject).spec as JsonObject).selector as JsonObject).matchLabels = {
          'app.kubernetes.io/name': 'gw',
        }),
      /ServiceMonitor\/gateway: selects no Service/,
    ],
    [
      'a worker nobody scrapes',
      (o) =>
        o.splice(
          o.findIndex((x) => x.kind === 'ServiceMonitor' && x.metadata.name === 'agreements-worker'),
          1,
        ),
      /Deployment\/agreements-worker: no ServiceMonitor scrapes it/,
    ],
    [
      'the Ingress routing a metrics port',
      (o) => {
        const ing = o.find((x) => x.kind === 'Ingress') as KObject;
        const path = (((((ing.spec as JsonObject).rules as JsonObject[])[0] as JsonObject).http as JsonObject).paths as JsonObject[])[0] as JsonObject;
        path.backend = { service: { name: 'gateway-metrics', port: { name: 'metrics' } } };
      },
      /Ingress\/gateway: routes .* to a metrics port/,
    ],
  ];
  it.each(broken)('reports a broken copy: %s', (_name, mutate, pattern) => {
    const objects = structuredClone(render());
    mutate(objects);
    expectProblem(checkObservability(objects, expectations()), pattern);
  });

  it('reports a runbook heading removed from docs/operations.md', () => {
    const md = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8').replace('### Runbook: failed jobs', '### Failed jobs');
    expectProblem(checkObservability(render(), expectations({ operationsMd: md })), /InpsFailedJobs: runbook_url #runbook-failed-jobs is not a heading/);
  });

  it('a scraped metrics port must exist on the containers (the k8s checks)', () => {
    const objects = structuredClone(render());
    const worker = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'questionnaire-worker') as KObject;
    delete (((((worker.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0] as JsonObject).ports;
    expectProblem(checkK8s(objects, k8sExpect('prod')), /questionnaire-worker-metrics.*targetPort metrics is not a port/);
  });
});
