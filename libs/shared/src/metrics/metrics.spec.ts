import { Metrics, statusClass } from './metrics';

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
});
