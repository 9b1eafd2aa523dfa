/**
 * Serves the generated benchmark pages from memory on 127.0.0.1, plus mark.js for the naive
 * baselines (injected into pages opened without the extension).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const MARK_JS = fileURLToPath(new URL('../node_modules/mark.js/dist/mark.min.js', import.meta.url));

export interface BenchServer {
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  /** Serves `html` at /<name>.html from now on; returns its URL. */
  put(name: string, html: string): string;
  /** Frees a page's bytes. */
  drop(name: string): void;
  /** URL of mark.min.js. */
  markJsUrl: string;
  /** An empty page on the same origin (to attach a profiler before the real page loads). */
  blankUrl: string;
  close(): Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const pages = new Map<string, Buffer>();
  pages.set('/blank.html', Buffer.from('<!doctype html><title>blank</title><body></body>'));
  const markJs = readFileSync(MARK_JS);

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers = { 'cache-control': 'no-store' };
    if (path === '/mark.min.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
      return res.end(markJs);
    }
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    res.end(page);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    put(name, html) {
      pages.set(`/${name}.html`, Buffer.from(html));
      return `${origin}/${name}.html`;
    },
    drop(name) {
      pages.delete(`/${name}.html`);
    },
    markJsUrl: `${origin}/mark.min.js`,
    blankUrl: `${origin}/blank.html`,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
