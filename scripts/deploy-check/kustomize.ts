/**
 * A small Kustomize renderer, written because kustomize/kubectl cannot be installed on the
 * development and CI machines (their binaries come from outside npm). It implements exactly the
 * kustomization features that k8s/ uses, with kustomize's semantics and order:
 *
 *   resources (files, or directories with their own kustomization.yaml, rendered first),
 *   configMapGenerator (literals, files, options.labels; behavior create|merge|replace; requires
 *     generatorOptions.disableNameSuffixHash: true because no hash suffix is computed here),
 *   then the transformers in kustomize's order: patches (JSON6902 with a target), namespace
 *   (also renames Namespace objects), commonLabels / labels (metadata, selectors and templates as
 *   kustomize's field specs say), replicas, images.
 *
 * `kubectl kustomize k8s/overlays/prod` (or `kustomize build`) renders the same objects (kustomize
 * sorts them by kind; here they keep the order of `resources`). Anything
 * else (strategic-merge patches, other generators, name prefixes, replacements, components, ...)
 * is refused with an error instead of being silently ignored, and so are two things kustomize
 * tolerates but that here are almost certainly mistakes: a patch or a replicas entry that matches
 * nothing.
 *
 * Usage: `npx ts-node scripts/deploy-check/kustomize.ts k8s/overlays/prod` prints the YAML.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One Kubernetes object as rendered. */
export interface KObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string; namespace?: string; labels?: { [key: string]: string } };
}

/** Where the renderer reads files: the disk, or memory in tests. */
export interface FileSource {
  readFile(path: string): string;
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
}

const diskFiles: FileSource = {
  readFile: (p) => readFileSync(p, 'utf8'),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  exists: (p) => existsSync(p),
};

/** Files given as a map of absolute path to content; directories are implied by the paths. */
export function memoryFiles(files: Readonly<Record<string, string>>): FileSource {
  const norm = (p: string): string => resolve(p);
  const map = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  const isDir = (p: string): boolean => [...map.keys()].some((k) => k.startsWith(`${norm(p)}/`));
  return {
    readFile: (p) => {
      const v = map.get(norm(p));
      if (v === undefined) throw new Error(`no such file: ${p}`);
      return v;
    },
    isDirectory: isDir,
    exists: (p) => map.has(norm(p)) || isDir(p),
  };
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SUPPORTED_KEYS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'commonLabels',
  'labels',
  'images',
  'replicas',
  'configMapGenerator',
  'generatorOptions',
  'patches',
]);

/** Kinds that have no namespace (the ones a manifest of this kind could plausibly contain). */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Node',
]);

export class KustomizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KustomizeError';
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

function versionOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[1] ?? '') : apiVersion;
}

export function idOf(o: KObject): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

function parseYamlDocs(text: string, file: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).flatMap((doc) => {
    if (doc.errors.length > 0) throw new KustomizeError(`${file}: ${doc.errors[0]?.message ?? 'YAML error'}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

function asKObject(value: unknown, file: string): KObject {
  if (!isObject(value)) throw new KustomizeError(`${file}: a resource must be a mapping`);
  const md = value.metadata;
  if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isObject(md) || typeof md.name !== 'string') {
    throw new KustomizeError(`${file}: every resource needs apiVersion, kind and metadata.name`);
  }
  return value as KObject;
}

// ---------------------------------------------------------------------------------------------
// JSON6902

function decodePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KustomizeError(`JSON pointer "${path}" must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(container: Json, key: string, path: string): Json {
  if (Array.isArray(container)) {
    const i = Number(key);
    if (!/^\d+$/.test(key) || i >= container.length) throw new KustomizeError(`path ${path}: no index ${key}`);
    return container[i] as Json;
  }
  if (isObject(container) && key in container) return container[key] as Json;
  throw new KustomizeError(`path ${path}: no ${key}`);
}

export interface PatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: Json;
}

/** Applies RFC 6902 operations (add, replace, remove, test) to a copy of `doc`. */
export function applyJson6902(doc: JsonObject, ops: readonly PatchOp[]): JsonObject {
  const out = structuredClone(doc);
  for (const op of ops) {
    if (!['add', 'replace', 'remove', 'test'].includes(op.op)) throw new KustomizeError(`unsupported JSON6902 op "${op.op}"`);
    const keys = decodePointer(op.path);
    const last = keys.pop();
    if (last === undefined) throw new KustomizeError('a JSON6902 path cannot be the whole document');
    let parent: Json = out;
    for (const k of keys) parent = child(parent, k, op.path);
    if (op.op === 'test') {
      if (JSON.stringify(child(parent, last, op.path)) !== JSON.stringify(op.value)) throw new KustomizeError(`test failed at ${op.path}`);
      continue;
    }
    if ((op.op === 'add' || op.op === 'replace') && op.value === undefined) throw new KustomizeError(`${op.op} ${op.path} needs a value`);
    if (Array.isArray(parent)) {
      if (op.op === 'add') {
        const i = last === '-' ? parent.length : Number(last);
        if (!/^\d+$/.test(last) && last !== '-') throw new KustomizeError(`path ${op.path}: bad index`);
        if (i > parent.length) throw new KustomizeError(`path ${op.path}: index out of range`);
        parent.splice(i, 0, structuredClone(op.value as Json));
      } else {
        child(parent, last, op.path);
        if (op.op === 'replace') parent[Number(last)] = structuredClone(op.value as Json);
        else parent.splice(Number(last), 1);
      }
    } else if (isObject(parent)) {
      if (op.op !== 'add') child(parent, last, op.path);
      if (op.op === 'remove') delete parent[last];
      else parent[last] = structuredClone(op.value as Json);
    } else {
      throw new KustomizeError(`path ${op.path}: parent is not a container`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Labels: kustomize's field specs (api/konfig/builtinpluginconsts/commonlabels.go), for the kinds
// a manifest here may contain. `create` says whether a missing map is created.

interface FieldSpec {
  kind: string;
  group?: string;
  path: string[];
  create: boolean;
}

const SELECTOR_SPECS: FieldSpec[] = [
  { kind: 'Service', path: ['spec', 'selector'], create: true },
  { kind: 'ReplicationController', path: ['spec', 'selector'], create: true },
  { kind: 'Deployment', path: ['spec', 'selector', 'matchLabels'], create: true },
  { kind: 'ReplicaSet', path: ['spec', 'selector', 'matchLabels'], create: true },
  { kind: 'DaemonSet', path: ['spec', 'selector', 'matchLabels'], create: true },
  { kind: 'StatefulSet', group: 'apps', path: ['spec', 'selector', 'matchLabels'], create: true },
  { kind: 'Job', group: 'batch', path: ['spec', 'selector', 'matchLabels'], create: false },
  { kind: 'CronJob', group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'selector', 'matchLabels'], create: false },
  { kind: 'PodDisruptionBudget', group: 'policy', path: ['spec', 'selector', 'matchLabels'], create: false },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', path: ['spec', 'podSelector', 'matchLabels'], create: false },
];

const TEMPLATE_SPECS: FieldSpec[] = [
  { kind: 'ReplicationController', path: ['spec', 'template', 'metadata', 'labels'], create: true },
  { kind: 'Deployment', path: ['spec', 'template', 'metadata', 'labels'], create: true },
  { kind: 'ReplicaSet', path: ['spec', 'template', 'metadata', 'labels'], create: true },
  { kind: 'DaemonSet', path: ['spec', 'template', 'metadata', 'labels'], create: true },
  { kind: 'StatefulSet', group: 'apps', path: ['spec', 'template', 'metadata', 'labels'], create: true },
  { kind: 'Job', group: 'batch', path: ['spec', 'template', 'metadata', 'labels'], create: true },
  { kind: 'CronJob', group: 'batch', path: ['spec', 'jobTemplate', 'metadata', 'labels'], create: true },
  { kind: 'CronJob', group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'], create: true },
];

function specApplies(spec: FieldSpec, o: KObject): boolean {
  return spec.kind === o.kind && (spec.group === undefined || spec.group === groupOf(o.apiVersion));
}

function mergeLabelsAt(o: JsonObject, path: readonly string[], labels: Readonly<Record<string, string>>, create: boolean): void {
  let node: JsonObject = o;
  for (const key of path) {
    const next = node[key];
    if (!isObject(next)) {
      if (!create) return;
      node[key] = {};
    }
    node = node[key] as JsonObject;
  }
  Object.assign(node, labels);
}

/** Label selectors kustomize would also update but this renderer does not: refuse them. */
function refuseUnsupportedSelectors(o: KObject): void {
  const podSpec = (o.spec as JsonObject | undefined)?.template as JsonObject | undefined;
  const spec = podSpec?.spec as JsonObject | undefined;
  if (spec && (spec.affinity !== undefined || spec.topologySpreadConstraints !== undefined)) {
    throw new KustomizeError(`${idOf(o)}: affinity/topologySpreadConstraints label selectors are not supported by this renderer`);
  }
}

function applyLabels(objects: KObject[], labels: Readonly<Record<string, string>>, selectors: boolean, templates: boolean): void {
  for (const o of objects) {
    mergeLabelsAt(o, ['metadata', 'labels'], labels, true);
    if (selectors) {
      refuseUnsupportedSelectors(o);
      for (const s of SELECTOR_SPECS) if (specApplies(s, o)) mergeLabelsAt(o, s.path, labels, s.create);
    }
    if (selectors || templates) for (const s of TEMPLATE_SPECS) if (specApplies(s, o)) mergeLabelsAt(o, s.path, labels, s.create);
  }
}

// ---------------------------------------------------------------------------------------------
// Images

/** Splits `repo/name:tag@digest` into name, tag and digest. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Every container list kustomize's images transformer visits. */
export function containerLists(o: JsonObject): Json[][] {
  const lists: Json[][] = [];
  const podSpecs: unknown[] = [];
  const spec = o.spec as JsonObject | undefined;
  if (!isObject(spec)) return lists;
  podSpecs.push(spec);
  const tpl = spec.template;
  if (isObject(tpl)) podSpecs.push(tpl.spec);
  const jobTpl = spec.jobTemplate;
  if (isObject(jobTpl) && isObject(jobTpl.spec) && isObject(jobTpl.spec.template)) podSpecs.push(jobTpl.spec.template.spec);
  for (const ps of podSpecs) {
    if (!isObject(ps)) continue;
    for (const key of ['containers', 'initContainers']) {
      const l = ps[key];
      if (Array.isArray(l)) lists.push(l);
    }
  }
  return lists;
}

function applyImages(objects: KObject[], entries: readonly ImageEntry[]): void {
  for (const o of objects) {
    for (const list of containerLists(o)) {
      for (const c of list) {
        if (!isObject(c) || typeof c.image !== 'string') continue;
        const parsed = parseImage(c.image);
        const entry = entries.find((e) => e.name === parsed.name);
        if (!entry) continue;
        const name = entry.newName ?? parsed.name;
        if (entry.digest) c.image = `${name}@${entry.digest}`;
        else if (entry.newTag) c.image = `${name}:${entry.newTag}`;
        else c.image = `${name}${parsed.tag ? `:${parsed.tag}` : ''}${parsed.digest ? `@${parsed.digest}` : ''}`;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Patches

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

const anchored = (re: string): RegExp => new RegExp(`^(?:${re})$`);

function matchesTarget(o: KObject, t: Target): boolean {
  if (t.kind !== undefined && t.kind !== o.kind) return false;
  if (t.group !== undefined && t.group !== groupOf(o.apiVersion)) return false;
  if (t.version !== undefined && t.version !== versionOf(o.apiVersion)) return false;
  // kustomize matches name and namespace as anchored regular expressions.
  if (t.name !== undefined && !anchored(t.name).test(o.metadata.name)) return false;
  if (t.namespace !== undefined && !anchored(t.namespace).test(o.metadata.namespace ?? '')) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The kustomization

function stringMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v)) throw new KustomizeError(`${what} must be a mapping`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw new KustomizeError(`${what}.${k} must be a string (quote it)`);
    out[k] = val;
  }
  return out;
}

function arrayOf(v: unknown, what: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new KustomizeError(`${what} must be a list`);
  return v;
}

function findKustomization(dir: string, fsrc: FileSource): string {
  for (const f of KUSTOMIZATION_FILES) {
    const p = join(dir, f);
    if (fsrc.exists(p) && !fsrc.isDirectory(p)) return p;
  }
  throw new KustomizeError(`${dir}: no kustomization.yaml`);
}

/** Renders the kustomization in `dir` (an overlay or a base) into its list of objects. */
export function kustomize(dir: string, fsrc: FileSource = diskFiles): KObject[] {
  const root = resolve(dir);
  const file = findKustomization(root, fsrc);
  const [k] = parseYamlDocs(fsrc.readFile(file), file);
  if (!isObject(k)) throw new KustomizeError(`${file}: not a mapping`);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_KEYS.has(key)) throw new KustomizeError(`${file}: "${key}" is not supported by this renderer`);
  }
  if (k.kind !== undefined && k.kind !== 'Kustomization') throw new KustomizeError(`${file}: kind must be Kustomization`);

  // 1. resources, in order; a directory is a kustomization rendered on its own first.
  let objects: KObject[] = [];
  for (const r of arrayOf(k.resources, `${file}: resources`)) {
    if (typeof r !== 'string') throw new KustomizeError(`${file}: resources entries must be paths`);
    if (/^[a-z]+:\/\//i.test(r)) throw new KustomizeError(`${file}: remote resource ${r} is not supported`);
    const p = resolve(root, r);
    if (!fsrc.exists(p)) throw new KustomizeError(`${file}: resource ${r} does not exist`);
    if (fsrc.isDirectory(p)) objects.push(...kustomize(p, fsrc));
    else objects.push(...parseYamlDocs(fsrc.readFile(p), p).map((v) => asKObject(v, p)));
  }

  // 2. configMapGenerator
  const generators = arrayOf(k.configMapGenerator, `${file}: configMapGenerator`);
  if (generators.length > 0) {
    const opts = k.generatorOptions;
    if (!isObject(opts) || opts.disableNameSuffixHash !== true) {
      throw new KustomizeError(`${file}: set generatorOptions.disableNameSuffixHash: true (name hashes are not computed here)`);
    }
  } else if (
    k.generatorOptions !== undefined &&
    !(isObject(k.generatorOptions) && Object.keys(k.generatorOptions).every((x) => x === 'disableNameSuffixHash'))
  ) {
    throw new KustomizeError(`${file}: only generatorOptions.disableNameSuffixHash is supported`);
  }
  for (const g of generators) {
    if (!isObject(g) || typeof g.name !== 'string') throw new KustomizeError(`${file}: a configMapGenerator needs a name`);
    for (const key of Object.keys(g)) {
      if (!['name', 'namespace', 'behavior', 'literals', 'files', 'options'].includes(key))
        throw new KustomizeError(`${file}: configMapGenerator.${key} is not supported`);
    }
    const data: Record<string, string> = {};
    for (const lit of arrayOf(g.literals, `${file}: literals`)) {
      if (typeof lit !== 'string' || !lit.includes('=')) throw new KustomizeError(`${file}: literal "${String(lit)}" must be KEY=VALUE`);
      const i = lit.indexOf('=');
      data[lit.slice(0, i)] = lit.slice(i + 1);
    }
    // `path` (the key is the file's name) or `key=path`, relative to the kustomization, as kustomize reads them.
    for (const entry of arrayOf(g.files, `${file}: files`)) {
      if (typeof entry !== 'string' || entry === '') throw new KustomizeError(`${file}: files entries must be paths`);
      const eq = entry.indexOf('=');
      const path = eq >= 0 ? entry.slice(eq + 1) : entry;
      const key = eq >= 0 ? entry.slice(0, eq) : (path.split('/').pop() as string);
      const p = resolve(root, path);
      if (!fsrc.exists(p) || fsrc.isDirectory(p)) throw new KustomizeError(`${file}: file ${path} does not exist`);
      if (data[key] !== undefined) throw new KustomizeError(`${file}: key ${key} is generated twice`);
      data[key] = fsrc.readFile(p);
    }
    let generatedLabels: Record<string, string> | undefined;
    if (g.options !== undefined) {
      if (!isObject(g.options) || Object.keys(g.options).some((x) => x !== 'labels'))
        throw new KustomizeError(`${file}: only configMapGenerator.options.labels is supported`);
      generatedLabels = stringMap(g.options.labels, `${file}: options.labels`);
    }
    const behavior = g.behavior ?? 'create';
    const ns = typeof g.namespace === 'string' ? g.namespace : undefined;
    const existing = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === g.name && (ns === undefined || o.metadata.namespace === ns));
    if (behavior === 'create') {
      if (existing.length > 0) throw new KustomizeError(`${file}: ConfigMap ${g.name} already exists (use behavior: merge)`);
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: g.name, ...(ns ? { namespace: ns } : {}), ...(generatedLabels ? { labels: generatedLabels } : {}) },
        data,
      });
    } else if (behavior === 'merge' || behavior === 'replace') {
      if (existing.length !== 1)
        throw new KustomizeError(`${file}: behavior ${behavior} needs exactly one existing ConfigMap ${g.name}, found ${existing.length}`);
      const target = existing[0] as KObject;
      target.data = behavior === 'merge' ? { ...(isObject(target.data) ? target.data : {}), ...data } : data;
      if (generatedLabels) target.metadata.labels = { ...target.metadata.labels, ...generatedLabels };
    } else {
      throw new KustomizeError(`${file}: unknown behavior ${String(behavior)}`);
    }
  }

  const ids = new Set<string>();
  for (const o of objects) {
    const id = idOf(o);
    if (ids.has(id)) throw new KustomizeError(`${file}: ${id} is defined twice`);
    ids.add(id);
  }

  // 3. patches (JSON6902 with a target)
  for (const p of arrayOf(k.patches, `${file}: patches`)) {
    if (!isObject(p) || !isObject(p.target)) throw new KustomizeError(`${file}: every patch needs a target (JSON6902)`);
    for (const key of Object.keys(p)) if (!['target', 'patch', 'path'].includes(key)) throw new KustomizeError(`${file}: patches.${key} is not supported`);
    const target = p.target as Target;
    for (const key of Object.keys(target)) {
      if (!['group', 'version', 'kind', 'name', 'namespace'].includes(key)) throw new KustomizeError(`${file}: patch target.${key} is not supported`);
    }
    const text = typeof p.patch === 'string' ? p.patch : typeof p.path === 'string' ? fsrc.readFile(resolve(root, p.path)) : undefined;
    if (text === undefined) throw new KustomizeError(`${file}: a patch needs patch or path`);
    const [ops] = parseYamlDocs(text, `${file} (patch)`);
    if (!Array.isArray(ops)) throw new KustomizeError(`${file}: only JSON6902 patches (a list of operations) are supported, not strategic merge`);
    const matched = objects.filter((o) => matchesTarget(o, target));
    if (matched.length === 0) throw new KustomizeError(`${file}: patch target ${JSON.stringify(target)} matches nothing`);
    objects = objects.map((o) => (matchesTarget(o, target) ? (applyJson6902(o, ops as PatchOp[]) as KObject) : o));
  }

  // 4. namespace
  if (k.namespace !== undefined) {
    if (typeof k.namespace !== 'string') throw new KustomizeError(`${file}: namespace must be a string`);
    for (const o of objects) {
      if (o.kind === 'Namespace') o.metadata.name = k.namespace;
      else if (!CLUSTER_SCOPED_KINDS.has(o.kind)) o.metadata.namespace = k.namespace;
    }
  }

  // 5. labels
  const common = stringMap(k.commonLabels, `${file}: commonLabels`);
  if (Object.keys(common).length > 0) applyLabels(objects, common, true, true);
  for (const l of arrayOf(k.labels, `${file}: labels`)) {
    if (!isObject(l)) throw new KustomizeError(`${file}: labels entries must be mappings`);
    for (const key of Object.keys(l)) {
      if (!['pairs', 'includeSelectors', 'includeTemplates'].includes(key)) throw new KustomizeError(`${file}: labels.${key} is not supported`);
    }
    applyLabels(objects, stringMap(l.pairs, `${file}: labels.pairs`), l.includeSelectors === true, l.includeTemplates === true);
  }

  // 6. replicas
  for (const r of arrayOf(k.replicas, `${file}: replicas`)) {
    if (!isObject(r) || typeof r.name !== 'string' || typeof r.count !== 'number') throw new KustomizeError(`${file}: replicas entries need name and count`);
    const targets = objects.filter((o) => ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(o.kind) && o.metadata.name === r.name);
    if (targets.length === 0) throw new KustomizeError(`${file}: replicas: no workload named ${r.name}`);
    for (const o of targets) (o.spec as JsonObject).replicas = r.count;
  }

  // 7. images
  const images = arrayOf(k.images, `${file}: images`).map((i) => {
    if (!isObject(i) || typeof i.name !== 'string') throw new KustomizeError(`${file}: images entries need a name`);
    for (const key of Object.keys(i))
      if (!['name', 'newName', 'newTag', 'digest'].includes(key)) throw new KustomizeError(`${file}: images.${key} is not supported`);
    return i as unknown as ImageEntry;
  });
  applyImages(objects, images);

  return objects;
}

function toYaml(objects: readonly KObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: ts-node scripts/deploy-check/kustomize.ts <kustomization dir>\n');
    process.exit(64);
  }
  process.stdout.write(toYaml(kustomize(dir)));
}
