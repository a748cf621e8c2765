/**
 * The floor: a bare Node http server that speaks just enough of the screening protocol and does
 * nothing else (no database, no validation, no engine). POST /api/v1/screenings?k=N starts a
 * "screening" that asks N questions; each answer's JSON body is parsed and the next question (or
 * COMPLETED) is returned. Run as its own process, like the services: PORT from the environment.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const remaining = new Map<string, number>();
const question = { id: 'age', fact: 'age', type: 'integer', label: 'Quanti anni ha?', min: 0, max: 120 };

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'GET' && url.pathname.startsWith('/health')) return send(200, { status: 'ok' });
    if (req.method === 'POST' && url.pathname === '/api/v1/screenings') {
      const id = randomUUID();
      remaining.set(id, Number(url.searchParams.get('k') ?? 10));
      return send(201, { id, status: 'IN_PROGRESS', answers: [], nextQuestion: question });
    }
    const m = /^\/api\/v1\/screenings\/([^/]+)\/answers$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const id = m[1] as string;
      JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const left = (remaining.get(id) ?? 1) - 1;
      if (left <= 0) {
        remaining.delete(id);
        return send(200, { id, status: 'COMPLETED', nextQuestion: null });
      }
      remaining.set(id, left);
      return send(200, { id, status: 'IN_PROGRESS', nextQuestion: question });
    }
    send(404, { error: { code: 'NOT_FOUND' } });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
