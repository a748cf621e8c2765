/**
 * Invariants of the rendered Kubernetes objects that a schema cannot see and that would otherwise
 * be found only in a cluster: a Service selecting no pod, an Ingress pointing at a missing port, a
 * ConfigMap reference that does not exist, a pod that may run as root, a workload missing.
 */
import { CLUSTER_SCOPED_KINDS, containerLists, idOf, parseImage, type Json, type JsonObject, type KObject } from './kustomize';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface K8sExpectations {
  readonly namespace: string;
  /** Service folders: each needs an API Deployment. */
  readonly apis: readonly string[];
  readonly workers: readonly string[];
  readonly migrated: readonly string[];
  /** Deployments (by SERVICE) that must have a HorizontalPodAutoscaler. */
  readonly autoscaled: readonly string[];
  /** prod: AUTH_MODE=jwks, NODE_ENV=production, https issuer. */
  readonly production: boolean;
  readonly imageEnv: Readonly<Record<string, string>>;
  /**
   * Secrets the secret manager creates (k8s/base/secret.template.yaml): referenced by the workloads
   * but never rendered, so that applying an overlay cannot overwrite them with placeholders.
   */
  readonly externalSecrets: readonly KObject[];
  readonly validateEnv: (service: string, env: Readonly<Record<string, string>>) => string[];
}

function podSpecOf(o: KObject): JsonObject | undefined {
  if (o.kind === 'Deployment' || o.kind === 'Job' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet') return obj(obj(obj(o.spec).template).spec);
  if (o.kind === 'CronJob') return obj(obj(obj(obj(obj(o.spec).jobTemplate).spec).template).spec);
  return undefined;
}

function templateLabels(o: KObject): Record<string, string> {
  return (obj(obj(obj(o.spec).template).metadata).labels as Record<string, string> | undefined) ?? {};
}

function selects(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function decodeSecret(o: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(o.data))) if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries(obj(o.stringData))) if (typeof v === 'string') out[k] = v;
  return out;
}

function envOfProcess(service: string, process: string): string {
  return `${service}${process === 'api' ? '' : `-${process}`}`;
}

/** The environment a container would see: image ENV, then envFrom in order, then env. */
function containerEnv(
  c: JsonObject,
  objects: readonly KObject[],
  imageEnv: Readonly<Record<string, string>>,
  problems: string[],
  where: string,
): Record<string, string> {
  const find = (kind: string, name: string | undefined): KObject | undefined => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const env: Record<string, string> = { ...imageEnv };
  for (const ef of arr(c.envFrom)) {
    const e = obj(ef);
    const cm = obj(e.configMapRef);
    const sr = obj(e.secretRef);
    if (str(cm.name) !== undefined) {
      const target = find('ConfigMap', str(cm.name));
      if (!target) {
        if (cm.optional !== true) problems.push(`${where}: envFrom configMapRef ${String(cm.name)} does not exist`);
      } else Object.assign(env, obj(target.data));
    } else if (str(sr.name) !== undefined) {
      const target = find('Secret', str(sr.name));
      if (!target) {
        if (sr.optional !== true) problems.push(`${where}: envFrom secretRef ${String(sr.name)} does not exist`);
      } else Object.assign(env, decodeSecret(target));
    } else problems.push(`${where}: envFrom entry without configMapRef or secretRef`);
  }
  for (const ev of arr(c.env)) {
    const e = obj(ev);
    const name = str(e.name) ?? '';
    if (typeof e.value === 'string') env[name] = e.value;
    const vf = obj(e.valueFrom);
    for (const [refKey, kind] of [
      ['configMapKeyRef', 'ConfigMap'],
      ['secretKeyRef', 'Secret'],
    ] as const) {
      const ref = obj(vf[refKey]);
      if (str(ref.name) === undefined) continue;
      const target = find(kind, str(ref.name));
      const data = target ? (kind === 'Secret' ? decodeSecret(target) : (obj(target.data) as Record<string, string>)) : undefined;
      const key = str(ref.key) ?? '';
      if (data?.[key] !== undefined) env[name] = data[key];
      else if (ref.optional !== true) problems.push(`${where}: env ${name} refers to ${kind} ${String(ref.name)} key ${key}, which does not exist`);
    }
  }
  return env;
}

export function checkK8s(objects: readonly KObject[], expect: K8sExpectations): string[] {
  const problems: string[] = [];
  const byKind = (kind: string): KObject[] => objects.filter((o) => o.kind === kind);
  const deployments = byKind('Deployment');
  const services = byKind('Service');
  for (const s of byKind('Secret')) problems.push(`${idOf(s)}: a rendered Secret would overwrite the secret manager's (keep it in secret.template.yaml)`);
  const withSecrets = [...objects.filter((o) => o.kind !== 'Secret'), ...expect.externalSecrets];

  const ids = new Set<string>();
  for (const o of objects) {
    const id = idOf(o);
    if (ids.has(id)) problems.push(`${id}: defined twice`);
    ids.add(id);
    if (CLUSTER_SCOPED_KINDS.has(o.kind)) continue;
    if (o.metadata.namespace !== expect.namespace) problems.push(`${id}: namespace ${o.metadata.namespace ?? '(none)'} instead of ${expect.namespace}`);
  }
  if (!objects.some((o) => o.kind === 'Namespace' && o.metadata.name === expect.namespace)) problems.push(`Namespace ${expect.namespace} is not rendered`);

  // Workloads: selectors, pods, containers.
  const workloads = objects.filter((o) => podSpecOf(o) !== undefined);
  const roles: { o: KObject; service: string; process: string }[] = [];
  const repos = new Set<string>();
  for (const o of workloads) {
    const id = idOf(o);
    const pod = podSpecOf(o) as JsonObject;
    const labels = templateLabels(o);
    if (o.kind === 'Deployment') {
      const sel = obj(obj(o.spec).selector);
      if (sel.matchExpressions !== undefined) problems.push(`${id}: matchExpressions are not checked; use matchLabels`);
      if (!selects(obj(sel.matchLabels), labels))
        problems.push(`${id}: selector ${JSON.stringify(sel.matchLabels)} does not match the template labels ${JSON.stringify(labels)}`);
    }
    if (o.kind === 'Job' && !['Never', 'OnFailure'].includes(str(pod.restartPolicy) ?? ''))
      problems.push(`${id}: a Job needs restartPolicy Never or OnFailure`);
    if (o.kind === 'Job' && typeof obj(o.spec).backoffLimit !== 'number') problems.push(`${id}: set backoffLimit`);
    const podSec = obj(pod.securityContext);
    const volumes = arr(pod.volumes).map(obj);
    for (const v of volumes) {
      const cm = str(obj(v.configMap).name);
      const sec = str(obj(v.secret).secretName);
      if (cm && !objects.some((x) => x.kind === 'ConfigMap' && x.metadata.name === cm))
        problems.push(`${id}: volume ${String(v.name)} refers to ConfigMap ${cm}, which does not exist`);
      if (sec && !withSecrets.some((x) => x.kind === 'Secret' && x.metadata.name === sec))
        problems.push(`${id}: volume ${String(v.name)} refers to Secret ${sec}, which does not exist`);
    }
    for (const list of containerLists(o)) {
      for (const cc of list) {
        const c = obj(cc);
        const where = `${id} container ${String(c.name)}`;
        const sc = obj(c.securityContext);
        const eff = (k: string): unknown => (sc[k] !== undefined ? sc[k] : podSec[k]);
        if (eff('runAsNonRoot') !== true) problems.push(`${where}: runAsNonRoot must be true`);
        if (eff('runAsUser') === 0) problems.push(`${where}: runAsUser 0 is root`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
        if (sc.privileged === true) problems.push(`${where}: must not be privileged`);
        if (!arr(obj(sc.capabilities).drop).includes('ALL')) problems.push(`${where}: capabilities.drop must include ALL`);
        if (arr(obj(sc.capabilities).add).length > 0) problems.push(`${where}: must not add capabilities`);
        if (str(obj(eff('seccompProfile')).type) !== 'RuntimeDefault') problems.push(`${where}: seccompProfile must be RuntimeDefault`);
        const res = obj(c.resources);
        for (const part of ['requests', 'limits'])
          for (const r of ['cpu', 'memory']) if (obj(res[part])[r] === undefined) problems.push(`${where}: resources.${part}.${r} is missing`);
        const tmp = arr(c.volumeMounts)
          .map(obj)
          .find((m) => m.mountPath === '/tmp');
        const tmpVolume = tmp ? volumes.find((v) => v.name === tmp.name) : undefined;
        if (!tmpVolume || !isObject(tmpVolume.emptyDir)) problems.push(`${where}: /tmp must be an emptyDir mount (read-only root filesystem)`);
        for (const m of arr(c.volumeMounts).map(obj))
          if (!volumes.some((v) => v.name === m.name)) problems.push(`${where}: volumeMount ${String(m.name)} has no volume`);
        const image = str(c.image) ?? '';
        const parsed = parseImage(image);
        repos.add(parsed.name);
        if (!parsed.digest && (!parsed.tag || parsed.tag === 'latest')) problems.push(`${where}: image ${image} needs a pinned tag or digest`);

        const env = containerEnv(c, withSecrets, expect.imageEnv, problems, where);
        const service = env.SERVICE ?? '';
        const process = env.PROCESS ?? 'api';
        if (!expect.apis.includes(service)) problems.push(`${where}: SERVICE=${service || '(unset)'} is not a service`);
        roles.push({ o, service, process });
        if (!expect.migrated.includes(service) && env.DATABASE_URL)
          problems.push(`${where}: ${service} has no database and must not get DATABASE_URL (its credentials)`);
        for (const p of expect.validateEnv(service, env)) problems.push(`${where} (${envOfProcess(service, process)}): ${p}`);
        if (expect.production) {
          if (env.NODE_ENV !== 'production') problems.push(`${where}: NODE_ENV must be production (got ${env.NODE_ENV ?? 'unset'})`);
          if (env.AUTH_MODE !== 'jwks') problems.push(`${where}: AUTH_MODE must be jwks (got ${env.AUTH_MODE ?? 'unset'})`);
          if (!(env.AUTH_ISSUER ?? '').startsWith('https://')) problems.push(`${where}: AUTH_ISSUER must be an https issuer`);
          if (env.AUTH_DEV_PUBLIC_JWK !== undefined) problems.push(`${where}: AUTH_DEV_PUBLIC_JWK must not be set in production`);
        }
        if (
          o.kind === 'Deployment' &&
          expect.migrated.includes(service) &&
          !['false', '0', 'no', 'off'].includes((env.DATABASE_MIGRATE ?? 'true').toLowerCase())
        ) {
          problems.push(`${where}: DATABASE_MIGRATE must be false (the ${service}-migrate Job migrates)`);
        }

        const ports = arr(c.ports).map(obj);
        const probe = (name: string, path: string, portName: string): void => {
          const p = obj(c[name]);
          const http = obj(p.httpGet);
          if (http.path !== path) problems.push(`${where}: ${name} must GET ${path}`);
          else if (typeof http.port === 'string' ? !ports.some((x) => x.name === http.port) : !ports.some((x) => x.containerPort === http.port)) {
            problems.push(`${where}: ${name} port ${String(http.port)} is not a container port`);
          } else if (http.port !== portName && !ports.some((x) => x.name === portName && x.containerPort === http.port)) {
            problems.push(`${where}: ${name} must use the port named ${portName}`);
          }
        };
        const namedPort = (name: string, variable: string, required: boolean): void => {
          const port = ports.find((x) => x.name === name);
          if (!port) {
            if (required) problems.push(`${where}: no container port named ${name}`);
          } else if (env[variable] === undefined && name === 'metrics')
            problems.push(`${where}: a metrics port needs METRICS_PORT (its default is a random port)`);
          else if (env[variable] !== undefined && String(port.containerPort) !== env[variable])
            problems.push(`${where}: containerPort ${String(port.containerPort)} differs from ${variable}=${env[variable]}`);
        };
        if (o.kind === 'Deployment' && process === 'api') {
          probe('livenessProbe', '/health/live', 'http');
          probe('readinessProbe', '/health/ready', 'http');
          namedPort('http', 'PORT', true);
          namedPort('metrics', 'METRICS_PORT', false);
        }
        // A worker has no API: its side port (METRICS_PORT) answers the probes and /metrics.
        if (o.kind === 'Deployment' && process === 'worker') {
          probe('livenessProbe', '/health/live', 'metrics');
          probe('readinessProbe', '/health/ready', 'metrics');
          namedPort('metrics', 'METRICS_PORT', true);
        }
      }
    }
  }
  if (repos.size > 1) problems.push(`containers use several image repositories (${[...repos].join(', ')}): one image for every process`);

  const has = (service: string, process: string, kind: string): boolean =>
    roles.some((r) => r.service === service && r.process === process && r.o.kind === kind);
  for (const s of expect.apis) if (!has(s, 'api', 'Deployment')) problems.push(`no API Deployment for ${s}`);
  for (const s of expect.workers) if (!has(s, 'worker', 'Deployment')) problems.push(`no worker Deployment for ${s}`);
  for (const s of expect.migrated) if (!has(s, 'migrate', 'Job')) problems.push(`no migration Job for ${s}`);

  // Services select pods and name real ports.
  for (const svc of services) {
    const selector = obj(obj(svc.spec).selector);
    const targets = deployments.filter((d) => selects(selector, templateLabels(d)));
    if (targets.length === 0) {
      problems.push(`${idOf(svc)}: selector ${JSON.stringify(selector)} matches no Deployment`);
      continue;
    }
    for (const p of arr(obj(svc.spec).ports).map(obj)) {
      const tp = p.targetPort ?? p.port;
      for (const d of targets) {
        const ports = containerLists(d)
          .flat()
          .map(obj)
          .flatMap((c) => arr(c.ports).map(obj));
        if (!ports.some((x) => (typeof tp === 'string' ? x.name === tp : x.containerPort === tp)))
          problems.push(`${idOf(svc)}: targetPort ${String(tp)} is not a port of ${idOf(d)}`);
      }
    }
  }
  for (const d of deployments) {
    const role = roles.find((r) => r.o === d);
    if (role?.process === 'api' && !services.some((s) => selects(obj(obj(s.spec).selector), templateLabels(d))))
      problems.push(`${idOf(d)}: no Service selects this API`);
  }

  // Ingress: the gateway only, with existing Services and ports.
  const ingresses = byKind('Ingress');
  if (ingresses.length === 0) problems.push('no Ingress for the gateway');
  for (const ing of ingresses) {
    const backends: JsonObject[] = [];
    const def = obj(obj(ing.spec).defaultBackend);
    if (isObject(def.service)) backends.push(def);
    for (const rule of arr(obj(ing.spec).rules).map(obj)) {
      if (!str(rule.host)) problems.push(`${idOf(ing)}: every rule needs a host`);
      for (const p of arr(obj(rule.http).paths).map(obj)) backends.push(obj(p.backend));
    }
    for (const b of backends) {
      const s = obj(b.service);
      const target = services.find((x) => x.metadata.name === s.name);
      const port = obj(s.port);
      if (!target) problems.push(`${idOf(ing)}: backend Service ${String(s.name)} does not exist`);
      else if (
        !arr(obj(target.spec).ports)
          .map(obj)
          .some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number))
      ) {
        problems.push(`${idOf(ing)}: Service ${String(s.name)} has no port ${String(port.name ?? port.number)}`);
      } else {
        const d = deployments.find((x) => selects(obj(obj(target.spec).selector), templateLabels(x)));
        const r = roles.find((x) => x.o === d);
        if (r && r.service !== 'gateway') problems.push(`${idOf(ing)}: exposes ${r.service}; only the gateway may be exposed`);
      }
    }
    for (const t of arr(obj(ing.spec).tls).map(obj)) {
      const hosts = arr(obj(ing.spec).rules).map((r) => obj(r).host);
      for (const h of arr(t.hosts)) if (!hosts.includes(h)) problems.push(`${idOf(ing)}: TLS host ${String(h)} has no rule`);
    }
  }

  // Autoscalers and disruption budgets point at real workloads.
  const hpas = byKind('HorizontalPodAutoscaler');
  for (const h of hpas) {
    const ref = obj(obj(h.spec).scaleTargetRef);
    const d = deployments.find((x) => x.metadata.name === ref.name && ref.kind === 'Deployment');
    if (!d) {
      problems.push(`${idOf(h)}: scaleTargetRef ${String(ref.kind)}/${String(ref.name)} does not exist`);
      continue;
    }
    const min = Number(obj(h.spec).minReplicas ?? 1);
    const max = Number(obj(h.spec).maxReplicas);
    if (!(min <= max)) problems.push(`${idOf(h)}: minReplicas ${min} > maxReplicas ${max}`);
    const replicas = Number(obj(d.spec).replicas ?? 1);
    if (replicas < min || replicas > max) problems.push(`${idOf(d)}: replicas ${replicas} outside its autoscaler's ${min}..${max}`);
    const usesCpu = arr(obj(h.spec).metrics).some((m) => str(obj(obj(m).resource).name) === 'cpu');
    if (
      usesCpu &&
      containerLists(d)
        .flat()
        .some((c) => obj(obj(obj(c).resources).requests).cpu === undefined)
    )
      problems.push(`${idOf(h)}: CPU utilisation needs CPU requests on ${idOf(d)}`);
  }
  for (const s of expect.autoscaled) {
    if (!hpas.some((h) => roles.some((r) => r.service === s && r.process === 'api' && r.o.metadata.name === obj(obj(h.spec).scaleTargetRef).name)))
      problems.push(`no HorizontalPodAutoscaler for the ${s} API`);
  }
  for (const p of byKind('PodDisruptionBudget')) {
    const sel = obj(obj(obj(p.spec).selector).matchLabels);
    if (!deployments.some((d) => selects(sel, templateLabels(d)))) problems.push(`${idOf(p)}: selector ${JSON.stringify(sel)} matches no Deployment`);
  }
  for (const r of roles) {
    if (
      r.o.kind === 'Deployment' &&
      r.process === 'api' &&
      !byKind('PodDisruptionBudget').some((p) => selects(obj(obj(obj(p.spec).selector).matchLabels), templateLabels(r.o)))
    ) {
      problems.push(`${idOf(r.o)}: no PodDisruptionBudget`);
    }
  }
  return [...new Set(problems)];
}
