/**
 * Offline checks of the monitoring as code in k8s/base/observability: the PrometheusRule alerts,
 * the Grafana dashboards (ConfigMaps labelled grafana_dashboard) and the ServiceMonitors. What a
 * Prometheus or a Grafana would only reveal once deployed (an expression that does not parse, a
 * metric nobody emits, a runbook link to nowhere, a scrape of a port that does not exist) fails here.
 * PromQL is parsed with the Prometheus project's own grammar (@prometheus-io/lezer-promql, the one
 * its web UI uses).
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { JsonObject, KObject } from './kustomize';

/** docs/metrics.json: the names the processes expose. */
export interface MetricContract {
  readonly metrics: readonly { readonly name: string; readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' }[];
  /** Series from elsewhere (Prometheus's `up`, prom-client's defaults) that rules may use. */
  readonly external: readonly { readonly name: string }[];
}

export interface ObservabilityExpectations {
  readonly contract: MetricContract;
  /** docs/operations.md, whose headings the runbook links point at. */
  readonly operationsMd: string;
  /** The file runbook_url links point into, as written in the annotations. */
  readonly runbookFile: string;
  /** Metrics each of which at least one alert must watch (the alerts the operations guide promises). */
  readonly alertedMetrics: readonly string[];
}

const SEVERITIES = new Set(['critical', 'warning', 'info']);
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every name a PromQL expression selects, or the syntax problem. */
export function parsePromQL(expr: string): { readonly metrics: readonly string[]; readonly error?: string } {
  const tree = parser.parse(expr);
  const metrics: string[] = [];
  let error: string | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === undefined) {
        error = `syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 15), node.to + 15).replace(/\s+/g, ' ')}"`;
      }
      // The metric name of a vector selector (`name{...}`, `name[5m]`); label names and functions are other nodes.
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') metrics.push(expr.slice(node.from, node.to));
    },
  });
  return error === undefined ? { metrics } : { metrics, error };
}

/** The metric names a rule or a panel may use: the contract's (histograms with their series) and the external ones. */
function knownMetricNames(contract: MetricContract): Set<string> {
  const names = new Set<string>();
  for (const m of contract.metrics) {
    names.add(m.name);
    if (m.type === 'histogram' || m.type === 'summary') for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  for (const e of contract.external) names.add(e.name);
  return names;
}

/** GitHub's anchors of a Markdown file's headings (lower case, punctuation dropped, spaces to dashes). */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = (m[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function checkExpr(where: string, expr: unknown, known: ReadonlySet<string>, problems: string[]): readonly string[] {
  if (typeof expr !== 'string' || expr.trim() === '') {
    problems.push(`${where}: expr is missing`);
    return [];
  }
  const parsed = parsePromQL(expr);
  if (parsed.error) problems.push(`${where}: PromQL ${parsed.error}`);
  if (parsed.metrics.length === 0 && !parsed.error) problems.push(`${where}: expr selects no metric`);
  for (const name of parsed.metrics) if (!known.has(name)) problems.push(`${where}: metric ${name} is not in docs/metrics.json`);
  return parsed.metrics;
}

function checkRules(
  rule: KObject,
  expect: ObservabilityExpectations,
  known: ReadonlySet<string>,
  anchors: ReadonlySet<string>,
  alerted: Set<string>,
): string[] {
  const problems: string[] = [];
  const id = `PrometheusRule/${rule.metadata.name}`;
  const groups = arr(obj(rule.spec).groups);
  if (groups.length === 0) problems.push(`${id}: spec.groups is empty`);
  const groupNames = new Set<string>();
  const alertNames = new Set<string>();
  for (const [gi, g] of groups.entries()) {
    const group = obj(g);
    const gname = typeof group.name === 'string' ? group.name : '';
    const gwhere = `${id} group ${gname || `#${gi}`}`;
    if (gname === '') problems.push(`${gwhere}: a group needs a name`);
    else if (groupNames.has(gname)) problems.push(`${gwhere}: group name used twice`);
    groupNames.add(gname);
    const rules = arr(group.rules);
    if (rules.length === 0) problems.push(`${gwhere}: no rules`);
    for (const [ri, r] of rules.entries()) {
      const rr = obj(r);
      if (typeof rr.record === 'string') {
        checkExpr(`${gwhere} record ${rr.record}`, rr.expr, known, problems);
        continue;
      }
      const name = typeof rr.alert === 'string' ? rr.alert : '';
      const where = `${gwhere} alert ${name || `#${ri}`}`;
      if (!ALERT_NAME.test(name)) problems.push(`${where}: alert needs a CamelCase name`);
      else if (alertNames.has(name)) problems.push(`${where}: alert name used twice`);
      alertNames.add(name);
      for (const m of checkExpr(where, rr.expr, known, problems)) alerted.add(m);
      if (typeof rr.for !== 'string' || !DURATION.test(rr.for)) problems.push(`${where}: for must be a duration such as 5m`);
      const severity = obj(rr.labels).severity;
      if (typeof severity !== 'string' || !SEVERITIES.has(severity)) problems.push(`${where}: labels.severity must be one of ${[...SEVERITIES].join(', ')}`);
      const annotations = obj(rr.annotations);
      if (typeof annotations.summary !== 'string' || annotations.summary.trim() === '') problems.push(`${where}: annotations.summary is missing`);
      const runbook = annotations.runbook_url;
      if (typeof runbook !== 'string') problems.push(`${where}: annotations.runbook_url is missing`);
      else {
        const [file, anchor] = runbook.split('#');
        if (file !== expect.runbookFile || !anchor) problems.push(`${where}: runbook_url must be ${expect.runbookFile}#<heading>`);
        else if (!anchors.has(anchor)) problems.push(`${where}: runbook_url #${anchor} is not a heading of ${expect.runbookFile}`);
      }
    }
  }
  return problems;
}

function checkDashboard(cm: KObject, known: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const data = obj(cm.data);
  if (Object.keys(data).length === 0) problems.push(`ConfigMap/${cm.metadata.name}: a dashboard ConfigMap without data`);
  for (const [key, text] of Object.entries(data)) {
    const where = `ConfigMap/${cm.metadata.name} ${key}`;
    let dashboard: JsonObject;
    try {
      dashboard = obj(JSON.parse(String(text)));
    } catch (error) {
      problems.push(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (typeof dashboard.uid !== 'string' || dashboard.uid === '') problems.push(`${where}: uid is missing`);
    if (typeof dashboard.title !== 'string' || dashboard.title === '') problems.push(`${where}: title is missing`);
    const panels = arr(dashboard.panels).map(obj);
    if (panels.length === 0) problems.push(`${where}: no panels`);
    const ids = new Set<unknown>();
    for (const p of panels) {
      const pwhere = `${where} panel ${String(p.title ?? p.id)}`;
      if (ids.has(p.id)) problems.push(`${pwhere}: panel id ${String(p.id)} used twice`);
      ids.add(p.id);
      const grid = obj(p.gridPos);
      if (!['x', 'y', 'w', 'h'].every((k) => typeof grid[k] === 'number')) problems.push(`${pwhere}: gridPos needs x, y, w and h`);
      if (p.type === 'row') continue;
      const targets = arr(p.targets).map(obj);
      if (targets.length === 0) problems.push(`${pwhere}: no targets`);
      for (const t of targets) checkExpr(`${pwhere} target ${String(t.refId)}`, t.expr, known, problems);
    }
  }
  return problems;
}

function selects(selector: JsonObject, labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function checkServiceMonitors(objects: readonly KObject[]): string[] {
  const problems: string[] = [];
  const services = objects.filter((o) => o.kind === 'Service');
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const monitors = objects.filter((o) => o.kind === 'ServiceMonitor');
  const scraped = new Set<string>();
  for (const sm of monitors) {
    const id = `ServiceMonitor/${sm.metadata.name}`;
    const spec = obj(sm.spec);
    const matchLabels = obj(obj(spec.selector).matchLabels);
    if (Object.keys(matchLabels).length === 0) {
      problems.push(`${id}: selector.matchLabels is empty (it would scrape every Service)`);
      continue;
    }
    const chosen = services.filter((s) => s.metadata.namespace === sm.metadata.namespace && selects(matchLabels, s.metadata.labels));
    if (chosen.length === 0) problems.push(`${id}: selects no Service`);
    const endpoints = arr(spec.endpoints).map(obj);
    if (endpoints.length === 0) problems.push(`${id}: no endpoints`);
    for (const e of endpoints) {
      if (typeof e.port !== 'string') {
        problems.push(`${id}: endpoints name their port (port: <name>)`);
        continue;
      }
      if (typeof e.path !== 'string' || !e.path.startsWith('/')) problems.push(`${id}: endpoint ${e.port} needs a path such as /metrics`);
      for (const s of chosen) {
        const port = arr(obj(s.spec).ports)
          .map(obj)
          .find((p) => p.name === e.port);
        if (!port) {
          problems.push(`${id}: Service/${s.metadata.name} has no port named ${e.port}`);
          continue;
        }
        // Which workloads answer on it: those the Service selects.
        const podSelector = obj(obj(s.spec).selector) as Record<string, string>;
        for (const d of deployments.filter((x) => x.metadata.namespace === s.metadata.namespace)) {
          const template = obj(obj(obj(d.spec).template).metadata).labels as Record<string, string> | undefined;
          if (selects(podSelector, template)) scraped.add(`${d.metadata.name}`);
        }
      }
    }
  }
  // Every API and worker is scraped, on a port its container declares.
  for (const d of deployments) {
    const component = d.metadata.labels?.['app.kubernetes.io/component'];
    if ((component === 'api' || component === 'worker') && !scraped.has(d.metadata.name))
      problems.push(`Deployment/${d.metadata.name}: no ServiceMonitor scrapes it`);
  }
  // The scrape ports stay inside the cluster: no Ingress routes to a port named metrics.
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of arr(obj(ing.spec).rules).map(obj)) {
      for (const path of arr(obj(rule.http).paths).map(obj)) {
        const port = obj(obj(obj(path.backend).service).port);
        if (port.name === 'metrics') problems.push(`Ingress/${ing.metadata.name}: routes ${String(path.path)} to a metrics port`);
      }
    }
  }
  return problems;
}

/** One problem per broken alert, panel or scrape (empty when all hold). */
export function checkObservability(objects: readonly KObject[], expect: ObservabilityExpectations): string[] {
  const known = knownMetricNames(expect.contract);
  const anchors = markdownAnchors(expect.operationsMd);
  const alerted = new Set<string>();
  const problems: string[] = [];
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  if (rules.length === 0) problems.push('no PrometheusRule is rendered');
  for (const r of rules) problems.push(...checkRules(r, expect, known, anchors, alerted));
  for (const m of expect.alertedMetrics) {
    const series = [m, `${m}_bucket`, `${m}_sum`, `${m}_count`];
    if (!series.some((s) => alerted.has(s))) problems.push(`no alert watches ${m}`);
  }
  const dashboards = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard !== undefined);
  if (dashboards.length === 0) problems.push('no Grafana dashboard ConfigMap (label grafana_dashboard) is rendered');
  for (const d of dashboards) problems.push(...checkDashboard(d, known));
  if (!objects.some((o) => o.kind === 'ServiceMonitor')) problems.push('no ServiceMonitor is rendered');
  // That a Service's targetPort exists on the containers behind it is checkK8s's (k8s-checks.ts).
  problems.push(...checkServiceMonitors(objects));
  return problems;
}
