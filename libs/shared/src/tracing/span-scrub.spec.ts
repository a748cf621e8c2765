import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { scrubName, scrubSpan } from './span-scrub';

const span = (over: Partial<ReadableSpan>): ReadableSpan =>
  ({
    name: 'GET',
    attributes: {},
    events: [],
    links: [],
    spanContext: () => ({ traceId: 't', spanId: 's', traceFlags: 1 }),
    ...over,
  }) as unknown as ReadableSpan;

describe('span scrubbing', () => {
  it('keeps only the allowed attributes: no URL, query, address, agent or SQL values', () => {
    const scrubbed = scrubSpan(
      span({
        attributes: {
          'http.request.method': 'POST',
          'http.route': '/api/v1/screenings/:id/answers',
          'http.response.status_code': 200,
          'url.full': 'http://x/api/v1/screenings/0b8f7c2e-1f43-4f6e-9d55-7d1b9e0c1a2b/answers?code=7RRTMPK9',
          'url.path': '/api/v1/screenings/0b8f7c2e-1f43-4f6e-9d55-7d1b9e0c1a2b/answers',
          'url.query': 'code=7RRTMPK9',
          'http.target': '/api/v1/screenings/0b8f7c2e-1f43-4f6e-9d55-7d1b9e0c1a2b/answers',
          'client.address': '10.1.2.3',
          'user_agent.original': 'Mozilla',
          'db.query.text': 'SELECT 1 FROM screening WHERE id = $1',
          'db.postgresql.values': ['0b8f7c2e-1f43-4f6e-9d55-7d1b9e0c1a2b'],
          'db.statement': 'x'.repeat(5000),
        },
      }),
    );
    expect(Object.keys(scrubbed.attributes).sort()).toEqual([
      'db.query.text',
      'db.statement',
      'http.request.method',
      'http.response.status_code',
      'http.route',
    ]);
    expect(String(scrubbed.attributes['db.statement']).length).toBe(2000);
  });

  it('takes ids, codes and long numbers out of span names and keeps route patterns', () => {
    expect(scrubName('GET /api/v1/screenings/0b8f7c2e-1f43-4f6e-9d55-7d1b9e0c1a2b')).toBe('GET /api/v1/screenings/:id');
    expect(scrubName('GET /api/v1/screenings/resume/7RRTMPK9')).toBe('GET /api/v1/screenings/resume/:code');
    expect(scrubName('GET /api/v1/territories/058091')).toBe('GET /api/v1/territories/:n');
    expect(scrubName('POST /api/v1/screenings/:id/answers')).toBe('POST /api/v1/screenings/:id/answers');
    expect(scrubName('pg.query:SELECT inps')).toBe('pg.query:SELECT inps');
  });

  it('keeps an exception event type, not its message or stack', () => {
    const scrubbed = scrubSpan(
      span({
        events: [
          {
            name: 'exception',
            time: [1, 0],
            attributes: { 'exception.type': 'QueryFailedError', 'exception.message': 'Key (code)=(7RRTMPK9) already exists', 'exception.stacktrace': '...' },
          },
        ],
      }),
    );
    expect(scrubbed.events).toEqual([{ name: 'exception', time: [1, 0], attributes: { 'exception.type': 'QueryFailedError' } }]);
  });

  it('leaves the original span as it was', () => {
    const original = span({ name: 'GET /x/12345', attributes: { 'url.full': 'http://x/12345' } });
    scrubSpan(original);
    expect(original.name).toBe('GET /x/12345');
    expect(original.attributes).toEqual({ 'url.full': 'http://x/12345' });
  });
});
