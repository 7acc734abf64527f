/** Reading back the PNGs the renderer writes (src/charts/render.ts has node-canvas encode them), for checks and tests. */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width, height and colour type from a PNG's IHDR. */
export function readPngHeader(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number } {
  if (!png.subarray(0, 8).equals(SIGNATURE) || png.toString("ascii", 12, 16) !== "IHDR") throw new Error("not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png.readUInt8(24), colourType: png.readUInt8(25) };
}
