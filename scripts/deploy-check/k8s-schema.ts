/**
 * Schema validation of rendered objects with kubernetes-models (its ajv validators generated from
 * the Kubernetes OpenAPI). kubernetes-models 5 is published only as ES modules, which Jest's
 * CommonJS module system cannot load on Node 20, so the validation runs in a child Node process
 * that imports the models natively: one process for the whole list of objects.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KObject } from './kustomize';

/**
 * The kinds the manifests may contain, as `apiVersion/kind`, which is also the module path inside
 * kubernetes-models (`kubernetes-models/apps/v1/Deployment`). Anything else fails the check: an
 * unknown kind or an outdated apiVersion (autoscaling/v2beta2, policy/v1beta1) would be rejected by
 * a current cluster. The monitoring.coreos.com kinds come from @kubernetes-models/prometheus-operator.
 */
const KNOWN_KINDS: ReadonlySet<string> = new Set([
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'apps/v1/Deployment',
  'batch/v1/Job',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress',
  // The Prometheus Operator's resources (k8s/base/observability), validated with its CRD schemas.
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
]);

const CHILD = `
import { readFileSync } from 'node:fs';
const { objects, known } = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const o of objects) {
  const key = \`\${o.apiVersion}/\${o.kind}\`;
  const id = \`\${o.kind}/\${o.metadata?.name}\`;
  if (!known.includes(key)) { out.push(\`\${id}: unknown kind \${key}\`); continue; }
  try {
    const pkg = o.apiVersion.startsWith('monitoring.coreos.com/') ? '@kubernetes-models/prometheus-operator' : 'kubernetes-models';
    const mod = await import(\`\${pkg}/\${key}\`);
    new mod[o.kind](o).validate();
  } catch (e) {
    const details = Array.isArray(e?.errors) ? e.errors.map((x) => \`\${x.instancePath || '/'} \${x.message}\`).join('; ') : String(e?.message ?? e);
    out.push(\`\${id}: \${details}\`);
  }
}
process.stdout.write(JSON.stringify(out));
`;

/** One problem per invalid object (empty when all are valid). */
export function validateWithKubernetesModels(objects: readonly KObject[], repoRoot: string = join(__dirname, '..', '..')): string[] {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: repoRoot,
    input: JSON.stringify({ objects, known: [...KNOWN_KINDS] }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output) as string[];
}
