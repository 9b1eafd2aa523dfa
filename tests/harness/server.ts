/**
 * A tiny static file server for the browser tests: serves tests/fixtures/ on 127.0.0.1 at a random
 * port and records every request it receives (so a test can assert that a page, or the extension,
 * fetched nothing from elsewhere or nothing unexpected).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FixtureServer {
  /** e.g. http://127.0.0.1:43121 (no trailing slash). */
  origin: string;
  port: number;
  /** Absolute URL of a fixture: url('news-article.html'). */
  url(path: string): string;
  /** Every request received so far, in order. */
  readonly requests: RecordedRequest[];
  /** Forgets the requests recorded so far. */
  clearRequests(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export interface FixtureServerOptions {
  /**
   * Send `Access-Control-Allow-Origin: *`, as some document hosts do: the extension's reader may
   * then fetch from the server without the site's permission.
   */
  cors?: boolean;
  /** Content types by path ('/moved.pdf': 'text/html'), for a server that lies about a file. */
  contentTypes?: Record<string, string>;
  /**
   * Folders served under a path prefix ('/vendor/preact/': 'node_modules/preact/dist'), so a
   * fixture page can load a library from node_modules (never from a CDN).
   */
  mounts?: Record<string, string>;
  /** Pages generated on request, by path (a 10 MB page is made, not committed). */
  routes?: Record<string, () => { body: string | Buffer; type?: string }>;
}

export async function startFixtureServer(
  root: string = FIXTURES_DIR,
  options: FixtureServerOptions = {},
): Promise<FixtureServer> {
  const cors: Record<string, string> = options.cors ? { 'access-control-allow-origin': '*' } : {};
  const base = resolve(root);
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const record = (status: number): void => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', status, headers: req.headers, at: Date.now() });
    };
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      record(status);
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...cors });
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request');
    }
    // Browsers ask for this on their own; answering keeps 404 noise out of the console.
    if (pathname === '/favicon.ico') {
      record(204);
      res.writeHead(204, { 'cache-control': 'no-store' });
      return res.end();
    }
    const route = options.routes?.[pathname];
    if (route) {
      const { body, type = 'text/html; charset=utf-8' } = route();
      record(200);
      res.writeHead(200, {
        'content-type': type,
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        ...cors,
      });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const mount = Object.entries(options.mounts ?? {}).find(([prefix]) => pathname.startsWith(prefix));
    const dir = mount ? resolve(mount[1]) : base;
    const file = normalize(join(dir, mount ? pathname.slice(mount[0].length) : pathname));
    if (file !== dir && !file.startsWith(dir + sep)) return send(403, 'forbidden');
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) return send(404, 'not found');
      size = st.size;
    } catch {
      return send(404, 'not found');
    }
    record(200);
    res.writeHead(200, {
      'content-type':
        options.contentTypes?.[pathname] ?? TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-store',
      ...cors,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path: string) => new URL(path.replace(/^\//, ''), origin + '/').href,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
