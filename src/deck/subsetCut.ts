/**
 * One cut of a font with HarfBuzz's subsetter (harfbuzz-subset.wasm, as subset-font ships it): the
 * calls are subset-font 2.9.0's for its default options (every layout feature kept, the glyphs the
 * characters reach, TrueType out), so the bytes are the ones it makes.
 */

/** The exports of harfbuzz-subset.wasm that a cut uses (pointers are offsets into `memory`). */
export interface HarfBuzz {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

/** `font` (TrueType) cut down to what `codePoints` reach, in a buffer of its own. */
export function cut(hb: HarfBuzz, font: Uint8Array, codePoints: readonly number[]): Uint8Array {
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error("HarfBuzz could not start a subset (hb_subset_input_create_or_fail)");
  const data = hb.malloc(font.byteLength);
  // The memory grows while HarfBuzz works, which detaches older views: a fresh one at each use.
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  let subset = 0;
  try {
    // Every layout feature (subset-font's default, hb-subset's --layout-features=*).
    const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
    subset = hb.hb_subset_or_fail(face, input);
    if (subset === 0) throw new Error("HarfBuzz could not subset the font (hb_subset_or_fail): is the file damaged?");
    const result = hb.hb_face_reference_blob(subset);
    try {
      const offset = hb.hb_blob_get_data(result, 0);
      const length = hb.hb_blob_get_length(result);
      if (length === 0) throw new Error("HarfBuzz made an empty subset of the font: is the file damaged?");
      return new Uint8Array(hb.memory.buffer, offset, length).slice();
    } finally {
      hb.hb_blob_destroy(result);
    }
  } finally {
    hb.hb_subset_input_destroy(input);
    if (subset !== 0) hb.hb_face_destroy(subset);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}
