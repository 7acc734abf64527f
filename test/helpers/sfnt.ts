/** Reading an sfnt (TrueType/OpenType) font's table directory, independently of the code under test. */

/** An sfnt's tables by tag, in directory order. */
export function tablesOf(sfnt: Buffer): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < sfnt.readUInt16BE(4); i++) {
    const entry = 12 + 16 * i;
    const offset = sfnt.readUInt32BE(entry + 8);
    tables.set(sfnt.toString("latin1", entry, entry + 4), sfnt.subarray(offset, offset + sfnt.readUInt32BE(entry + 12)));
  }
  return tables;
}
