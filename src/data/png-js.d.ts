/** png-js (pdfkit's PNG reader) ships no types; only the constructor, which parses the chunks, and what it reads are used. */
declare module "png-js" {
  export default class PNG {
    constructor(data: Buffer);
    width: number;
    height: number;
    /** Bits per sample, PNG colour type and interlace method, as in the IHDR chunk. */
    bits: number;
    colorType: number;
    interlaceMethod: number;
    /** The IDAT chunks' data, concatenated: the compressed pixels. */
    imgData: Uint8Array;
  }
}
