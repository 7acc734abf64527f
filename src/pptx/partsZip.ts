/**
 * What pptxgenjs asks of jszip (`new`, `folder`, `file`, `generateAsync`), standing in for jszip
 * itself (pptxgen.ts hands it over): the PowerPoint's parts are zipped once, by finish()
 * (package.ts), so jszip's zipping, its JavaScript CRC-32 and base64 and its per-file streams were
 * work thrown away, and loading jszip cost a build of the PPTX alone a tenth of its main thread.
 * Hand-written because it must hold the parts exactly as jszip holds them for pptxgenjs: in the
 * order first added (a part added again keeps its place), a folder entry for every folder, made
 * before its first part as jszip's `createFolders` makes them, text as UTF-8 encoded in jszip's 16 K
 * blocks (a pair of UTF-16 units across a seam becomes two replacement characters), base64 decoded.
 * test/pptx/parts.test.ts holds it to jszip's parts, name for name and byte for byte.
 */
import { zip } from "./zip.ts";

/** The output type for which generateAsync answers with the parts themselves (package.ts, partsOf). */
export const PARTS = "citypitch:parts";
export type Part = [name: string, data: Uint8Array];

interface GenerateOptions {
  type?: string;
  compression?: string;
}

/** jszip's block size for encoding text (its DataWorker's chunks). */
const BLOCK = 16 * 1024;

function bytesOf(data: unknown, options: { base64?: boolean; binary?: boolean } = {}): Uint8Array {
  if (data === null || data === undefined || (data as { length?: number }).length === 0) return new Uint8Array(0);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof data !== "string") throw new Error(`citypitch's stand-in for jszip cannot take a part of type ${typeof data}`);
  if (options.base64) return Buffer.from(data, "base64");
  // A string said to be binary holds one byte per character.
  if (options.binary) return Buffer.from(data, "latin1");
  if (data.length <= BLOCK) return Buffer.from(data, "utf8");
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += BLOCK) pieces.push(Buffer.from(data.substring(at, at + BLOCK), "utf8"));
  return Buffer.concat(pieces);
}

const parentOf = (path: string): string => {
  const trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
  const slash = trimmed.lastIndexOf("/");
  return slash > 0 ? trimmed.slice(0, slash) : "";
};

const withSlash = (path: string): string => (path.endsWith("/") ? path : `${path}/`);

export class PartsZip {
  /** Part name → bytes; a folder's name ends in "/" and its bytes are empty. */
  private readonly files: Map<string, Uint8Array>;
  private readonly root: string;

  constructor(files?: Map<string, Uint8Array>, root = "") {
    this.files = files ?? new Map();
    this.root = root;
  }

  /** A folder (and its parents), and a view of the zip rooted there. */
  folder(name: string): PartsZip {
    if (!name) return this;
    const path = withSlash(this.root + name);
    this.addFolder(path);
    return new PartsZip(this.files, path);
  }

  file(name: string, data: unknown, options?: { base64?: boolean; binary?: boolean }): this {
    const path = this.root + name;
    const parent = parentOf(path);
    if (parent) this.addFolder(withSlash(parent));
    this.files.set(path, bytesOf(data, options));
    return this;
  }

  private addFolder(path: string): void {
    if (this.files.has(path)) return;
    const parent = parentOf(path);
    if (parent) this.addFolder(withSlash(parent));
    this.files.set(path, new Uint8Array(0));
  }

  /**
   * The parts (PARTS), or a zip of them: stored, as jszip's default, unless DEFLATE is asked for
   * (the charts' workbooks, which finish() reads back, and the picture PPTX's file).
   */
  async generateAsync(options: GenerateOptions = {}): Promise<unknown> {
    const parts: Part[] = [...this.files];
    if (options.type === PARTS) return parts;
    const bytes = () => zip(parts.map(([name, data]) => ({ name, data, store: options.compression !== "DEFLATE" })));
    switch (options.type) {
      case "base64":
        return Buffer.from(bytes()).toString("base64");
      case "uint8array":
        return bytes();
      case "nodebuffer":
        return Buffer.from(bytes());
      case "arraybuffer": {
        const out = bytes();
        return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
      }
      default:
        throw new Error(`citypitch's stand-in for jszip makes no output of type ${String(options.type)}`);
    }
  }
}
