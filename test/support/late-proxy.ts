import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A forwarding server that stands between one service and another it calls, for a stack where the
 * caller needs the URL when it starts, before the other has its port. Records the paths it
 * forwards, and can play a service that is down (connections dropped).
 */
export async function lateProxy() {
  let target = '';
  let down = false;
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    if (down || !target) return void req.socket.destroy();
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    to: (url: string) => void (target = url),
    setDown: (value: boolean) => void (down = value),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
