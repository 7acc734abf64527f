/**
 * A deck's chart pictures travel through its Markdown and HTML by reference: a short URL naming the
 * picture's place in the deck's charts, as a browser's `blob:` URL names a picture in memory. Only
 * the files that ship (the Markdown, the HTML) and the pages that show the pictures themselves get
 * the picture's data URI, once, as they are made.
 *
 * Embedded, a deck's five pictures are most of its Markdown (600 KB of 650) and of its HTML; every
 * step of fitting (rendering the template, tidying it, comparing two rounds, rendering it with Marp,
 * making the page) copied them, some twenty copies of the deck per city, each garbage the size of
 * the deck in V8's large-object space, which is only freed by a full collection: in a build of
 * fifteen cities they were most of the main thread's peak heap.
 *
 * The URL holds a number drawn when the process starts, so no text of a city file can pass for one.
 */
import { randomBytes } from "node:crypto";

/** What a picture URL names: a chart picture of the deck, as the charts stage made it. */
export interface Picture {
  png: Buffer;
}

const SCHEME = `cp-picture-${randomBytes(6).toString("hex")}:`;

/** The URL of the deck's `index`th chart picture. */
export const pictureUrl = (index: number): string => `${SCHEME}${index}`;

/** A picture URL, its index in the first group (split and replace patterns: no global state). */
export const PICTURE_URL = new RegExp(`${SCHEME}(\\d+)`);

export const pngDataUri = (png: Buffer): string => `data:image/png;base64,${png.toString("base64")}`;

/**
 * `text` with each picture URL replaced by `by(the picture, its index)`, by concatenating the
 * pieces (a picture URL that names no picture of the deck is a bug: thrown).
 */
export function replacePictures(text: string, pictures: readonly Picture[], by: (picture: Picture, index: number) => string): string {
  return spliced(text, PICTURE_URL, (group) => {
    const index = Number(group);
    const picture = pictures[index];
    if (!picture) throw new Error(`the deck names picture ${index}, but it has ${pictures.length} (src/deck/pictures.ts)`);
    return by(picture, index);
  });
}

/**
 * `text` with each match of `token` (a pattern with one group) replaced by `by(group)`, made by
 * concatenating the pieces, as `replace` would be made by copying them all into a new string.
 */
export function spliced(text: string, token: RegExp, by: (group: string) => string): string {
  const pieces = text.split(token);
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) out += by(pieces[i]!) + pieces[i + 1]!;
  return out;
}

/** `text` with its pictures embedded as data URIs: the Markdown or HTML as it ships. */
export function withPictures(text: string, pictures: readonly Picture[]): string {
  return replacePictures(text, pictures, (picture) => pngDataUri(picture.png));
}

/** The indexes of the pictures `text` names. */
export function picturesNamed(text: string): Set<number> {
  return new Set(
    text
      .split(PICTURE_URL)
      .filter((_, i) => i % 2 === 1)
      .map(Number),
  );
}

/** An image's data URI, as a template may write one. */
export const DATA_URI = /data:image\/[a-z+]+;base64,[A-Za-z0-9+/=]+/g;

const ASIDE = `cp-image-${randomBytes(6).toString("hex")}:`;
const ASIDE_URL = new RegExp(`${ASIDE}(\\d+)`);

/**
 * Any data URI a template wrote into the Markdown, set aside under a short URL while Marp parses
 * the Markdown (it need not read the pictures), and a function that puts them back into what Marp
 * made of it, each as `place` says (the URI itself by default).
 */
export function setAsideDataUris(markdown: string): { text: string; putBack: (html: string, place?: (uri: string) => string) => string } {
  const images: string[] = [];
  const text = markdown.replace(DATA_URI, (uri) => `${ASIDE}${images.push(uri) - 1}`);
  const putBack = (html: string, place: (uri: string) => string = (uri) => uri) =>
    images.length === 0
      ? html
      : spliced(html, ASIDE_URL, (group) => {
          const uri = images[Number(group)];
          return uri === undefined ? `${ASIDE}${group}` : place(uri);
        });
  return { text, putBack };
}

/**
 * The PNG of a PNG data URI, or undefined. Kept for the last few URIs: a deck is rendered several
 * times while it is fitted, and each decoding would be a copy of the picture.
 */
export function pngOfDataUri(uri: string): Buffer | undefined {
  const comma = uri.indexOf(",");
  if (!uri.startsWith("data:image/png;base64,") || comma < 0) return undefined;
  let png = decoded.get(uri);
  if (!png) {
    decoded.set(uri, (png = Buffer.from(uri.slice(comma + 1), "base64")));
    if (decoded.size > DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
  }
  return png;
}
const decoded = new Map<string, Buffer>();
const DECODED_KEPT = 16;

/**
 * `text` with its pictures embedded, in pieces for Staging.write: the pictures' data URIs as bytes,
 * encoded a slice at a time, so that no string of the file's size, nor of a picture's, is made.
 */
export function withPicturesInPieces(text: string, pictures: readonly Picture[]): (string | Buffer)[] {
  const pieces = text.split(PICTURE_URL);
  const out: (string | Buffer)[] = [pieces[0]!];
  for (let i = 1; i < pieces.length; i += 2) {
    const picture = pictures[Number(pieces[i])];
    if (!picture) throw new Error(`the deck names picture ${pieces[i]}, but it has ${pictures.length} (src/deck/pictures.ts)`);
    out.push("data:image/png;base64,", base64Bytes(picture.png), pieces[i + 1]!);
  }
  return out;
}

/** 48 KiB of bytes is 64 KiB of base64: a string V8 keeps in its young generation. */
const SLICE = 3 * 16 * 1024;

function base64Bytes(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(Math.ceil(bytes.length / 3) * 4);
  let at = 0;
  for (let i = 0; i < bytes.length; i += SLICE) at += out.write(bytes.subarray(i, i + SLICE).toString("base64"), at, "latin1");
  return out.subarray(0, at);
}
