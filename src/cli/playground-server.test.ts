import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { resolveStatic, servePlayground } from "./playground-server.js";

let root: string;
let server: Server;
let url: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "ipcheck-serve-"));
  root = join(dir, "site");
  mkdirSync(root);
  writeFileSync(join(root, "index.html"), "<!doctype html><title>x</title>");
  writeFileSync(join(root, "worker.js"), "0;");
  writeFileSync(join(dir, "secret.txt"), "not served");
  ({ server, url } = await servePlayground(root, 0));
});

afterAll(() => {
  server?.close();
});

describe("the playground's static server", () => {
  it("maps request paths to files under its folder only", () => {
    expect(resolveStatic(root, "/")).toBe(join(root, "index.html"));
    expect(resolveStatic(root, "/worker.js?v=1")).toBe(join(root, "worker.js"));
    expect(resolveStatic(root, "/../secret.txt")).toBeNull();
    expect(resolveStatic(root, "/%2e%2e/secret.txt")).toBeNull();
    expect(resolveStatic(root, "/missing.js")).toBeNull();
    expect(resolveStatic(root, "/%E0%A4%A")).toBeNull();
  });

  it("serves on 127.0.0.1 with content types, 404 for the rest, 405 for writes", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await fetch(`${url}worker.js`)).headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await fetch(`${url}nothing`)).status).toBe(404);
    expect((await fetch(url, { method: "POST", body: "x" })).status).toBe(405);
  });
});
