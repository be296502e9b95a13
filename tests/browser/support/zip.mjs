// A tiny ZIP writer for the browser tests: stored entries only (no compression), no dependencies.
// Enough for a photo batch (manifest.csv + JPEGs), and for building odd archives on purpose.
//
//   zipStored([{ name: 'manifest.csv', data: Buffer.from('…') }, { name: 'a.jpg', data: jpeg }]) → Buffer
//
// Layout (APPNOTE.TXT 4.3): for each entry a local file header followed by its bytes, then the
// central directory (one header per entry, pointing back at its local header), then the
// end-of-central-directory record. Names are UTF-8 (general purpose flag bit 11).

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP wants it. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const UTF8_NAMES = 0x0800; // general purpose bit 11: file names are UTF-8
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1; // 2026-01-01, a fixed date keeps archives reproducible

/** A ZIP archive with every entry stored as is: `entries` is `{ name, data: Buffer }[]`. */
export function zipStored(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    // Local file header (30 bytes + name).
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // signature
    local.writeUInt16LE(20, 4); // version needed to extract (2.0)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); // compressed size = size, stored
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    parts.push(local, fileName, data);
    // Central directory header (46 bytes + name), with the local header's offset.
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0); // signature
    header.writeUInt16LE(20, 4); // version made by
    header.writeUInt16LE(20, 6); // version needed
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(0, 10); // stored
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(fileName.length, 28);
    // extra, comment, disk number, internal and external attributes: all 0 (30–41)
    header.writeUInt32LE(offset, 42);
    central.push(header, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  // End of central directory record (22 bytes, no comment).
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16); // where the central directory starts
  return Buffer.concat([...parts, directory, end]);
}
