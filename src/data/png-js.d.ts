/** png-js (pdfkit's PNG reader) ships no types; only the constructor, which parses the chunks, is used. */
declare module "png-js" {
  export default class PNG {
    constructor(data: Buffer);
    width: number;
    height: number;
  }
}
