/**
 * The preview server: the page, its live-reload events (Server-Sent Events: one-way, plain HTTP,
 * reconnecting on their own, which is all a reload signal needs), pdf.js, and the deck and brochure
 * files the last good build wrote. Bound to 127.0.0.1 and answering only requests addressed to it,
 * so neither the network nor a web page elsewhere (DNS rebinding) can read the project's output.
 */
import { createReadStream, realpathSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { isInside } from "../paths.ts";
import { previewPage } from "./page.ts";
import type { PreviewState } from "./state.ts";

const TYPES: Record<string, string> = { html: "text/html; charset=utf-8", pdf: "application/pdf", mjs: "text/javascript; charset=utf-8" };

export interface PreviewServer {
  url: string;
  publish(state: PreviewState): void;
  close(): Promise<void>;
}

export async function startPreviewServer(outDir: string, port: number, initial: PreviewState): Promise<PreviewServer> {
  let state = initial;
  const clients = new Set<ServerResponse>();
  const pdfjs = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/build/pdf.mjs"));

  const server: Server = createServer((req, res) => {
    if (!addressedToUs(req, server)) return send(res, 403, "text/plain", "the preview answers only http://127.0.0.1 requests");
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (path === "/") return send(res, 200, TYPES.html!, previewPage());
    if (path === "/events") return subscribe(req, res);
    if (path === "/favicon.ico") return send(res, 204, "text/plain", "");
    if (path === "/state") return send(res, 200, "application/json", JSON.stringify(state));
    if (path === "/pdfjs/pdf.mjs" || path === "/pdfjs/pdf.worker.mjs") return sendFile(res, join(pdfjs, path.slice("/pdfjs/".length)), pdfjs);
    // Only the files the page shows: the deck and brochure of each edition, as the manifests list them.
    const shown = state.cities.flatMap((c) => c.editions.flatMap((e) => [e.deck, e.brochure])).filter(Boolean);
    if (path.startsWith("/out/") && shown.includes(path.slice("/out/".length))) return sendFile(res, join(outDir, path.slice("/out/".length)), outDir);
    send(res, 404, "text/plain", "not found");
  });

  const subscribe = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    res.write(`retry: 500\ndata: ${JSON.stringify(state)}\n\n`);
    clients.add(res);
    req.on("close", () => clients.delete(res));
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  // A browser tab keeps its event stream open; without this the server would never finish closing.
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(": keep-alive\n\n");
  }, 15000).unref();
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    publish(next) {
      state = next;
      for (const client of clients) client.write(`data: ${JSON.stringify(state)}\n\n`);
    },
    close() {
      clearInterval(keepAlive);
      for (const client of clients) client.end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function addressedToUs(req: IncomingMessage, server: Server): boolean {
  const { port } = server.address() as AddressInfo;
  return req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

/** A file inside `root` (links resolved first), streamed; anything else is not found. */
function sendFile(res: ServerResponse, path: string, root: string): void {
  let real: string;
  try {
    real = realpathSync(path);
    if (!isInside(realpathSync(root), real) || !statSync(real).isFile()) throw new Error("outside");
  } catch {
    return send(res, 404, "text/plain", "not found");
  }
  const type = TYPES[real.slice(real.lastIndexOf(".") + 1)] ?? "application/octet-stream";
  res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
  createReadStream(real)
    .on("error", () => res.destroy())
    .pipe(res);
}
