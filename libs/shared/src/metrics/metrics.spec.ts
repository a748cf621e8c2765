import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../config/repo-root';
import { Metrics, statusClass } from './metrics';

interface Declared {
  readonly name: string;
  readonly type: string;
  readonly labels: readonly string[];
}

describe('Metrics', () => {
  it('keeps the latest completed semester per level, whatever order reports complete in', async () => {
    const metrics = new Metrics({ enabled: true, service: 'monitoring', role: 'worker' });
    metrics.reportCompleted('region', 12.5, 2_000);
    metrics.reportSemesterCompleted('region', 1_000);
    metrics.reportSemesterCompleted('national', 1_500);
    const text = await metrics.scrape();
    expect(text).toContain('inps_report_last_completed_semester_end_seconds{scope_level="region",service="monitoring",role="worker"} 2000');
    expect(text).toContain('inps_report_last_completed_semester_end_seconds{scope_level="national",service="monitoring",role="worker"} 1500');
    expect(text).toMatch(/inps_report_compilation_duration_seconds_count\{[^}]*scope_level="region"[^}]*\} 1/);
  });

  it('records nothing when off', async () => {
    const metrics = new Metrics({ enabled: false, service: 'monitoring' });
    metrics.reportCompleted('region', 1, 2_000);
    expect(await metrics.scrape()).not.toMatch(/^inps_report_last_completed_semester_end_seconds\{/m);
  });

  it('classes statuses', () => {
    expect([200, 201, 404, 499, 503].map(statusClass)).toEqual(['2xx', '2xx', '4xx', '4xx', '5xx']);
  });

  it('registers exactly the series of the contract (docs/metrics.json) and of the table in docs/operations.md', () => {
    const root = findRepoRoot(__dirname);
    const contract = (JSON.parse(readFileSync(join(root, 'docs/metrics.json'), 'utf8')) as { metrics: Declared[] }).metrics;
    const registered = new Metrics({ enabled: true, service: 'questionnaire' }).registry
      .getMetricsAsArray()
      .map((m) => m as unknown as { name: string; type: string; labelNames: readonly string[] })
      .filter((m) => m.name.startsWith('inps_'))
      .map((m) => ({ name: m.name, type: m.type, labels: [...m.labelNames] }));
    const byName = (a: { readonly name: string }, b: { readonly name: string }): number => a.name.localeCompare(b.name);
    expect(registered.sort(byName)).toEqual(contract.map((m) => ({ name: m.name, type: m.type, labels: [...m.labels] })).sort(byName));
    // The operators' table: one row per series, its type as declared.
    const section =
      readFileSync(join(root, 'docs/operations.md'), 'utf8')
        .split(/^## /m)
        .find((s) => s.startsWith('Metrics')) ?? '';
    const rows = [...section.matchAll(/^\|\s*(inps_\w+)\s*\|\s*(\w+)\s*\|/gm)].map((m) => ({ name: m[1], type: m[2] }));
    expect(rows.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(contract.map((m) => ({ name: m.name, type: m.type })).sort(byName));
  });
});
