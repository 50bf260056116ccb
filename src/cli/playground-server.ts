// `ipcheck playground`: serves the built playground (dist/playground/, `npm run build:playground`) on
// 127.0.0.1 with node's http module. Static files only: checking happens in the browser, so the
// server never sees a program.
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const PLAYGROUND_DIR = fileURLToPath(new URL("../playground/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".json": "application/json; charset=utf-8",
};

/** The file under `root` a request path names, or null (outside the folder, or no such file). */
export function resolveStatic(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return null;
  }
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(root, path));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}

export function playgroundServer(root: string): Server {
  return createServer((req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? resolveStatic(root, req.url ?? "/") : null;
    if (file === null) {
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, { "content-type": "text/plain; charset=utf-8" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
}

/** Listens on 127.0.0.1:port (0: any free port) and resolves with the address to open. */
export function servePlayground(root: string, port: number): Promise<{ server: Server; url: string }> {
  const server = playgroundServer(root);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}
