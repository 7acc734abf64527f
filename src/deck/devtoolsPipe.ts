/**
 * The DevTools protocol over the two pipes Chromium opens with `--remote-debugging-pipe` (it reads
 * commands on its fd 3 and writes on fd 4, each message ended by a NUL), as puppeteer's public
 * ConnectionTransport. Over a websocket, a browser outlives a build that is killed outright
 * (SIGKILL, the out-of-memory killer), since nothing tells it its client is gone; a pipe closes
 * with the process that holds it, and the browser then ends on its own. Puppeteer has a transport
 * of this kind only among its internals; this is its few lines against the public interface.
 */
import type { Readable, Writable } from "node:stream";
import type { ConnectionTransport } from "puppeteer-core";

export class DevtoolsPipe implements ConnectionTransport {
  onmessage?: (message: string) => void;
  private pending: Buffer[] = [];
  private closed = false;
  private closeListener?: () => void;

  /** Set by puppeteer when it connects, which may be after the browser ended: then it hears so at once. */
  get onclose(): (() => void) | undefined {
    return this.closeListener;
  }

  set onclose(listener: (() => void) | undefined) {
    this.closeListener = listener;
    if (this.closed && listener) queueMicrotask(listener);
  }

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on("data", (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on("close", () => this.end());
    // A broken pipe ends the connection (its close follows); it is not this process's error.
    fromBrowser.on("error", () => this.end());
    toBrowser.on("error", () => this.end());
  }

  send(message: string): void {
    if (this.closed) return;
    this.toBrowser.write(`${message}\0`);
  }

  close(): void {
    this.toBrowser.end();
    this.end();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeListener?.();
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(this.pending).toString("utf8");
      this.pending = [];
      start = end + 1;
      this.onmessage?.(message);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }
}
