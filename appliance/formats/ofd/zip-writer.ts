import { crc32, deflateRawSync } from 'node:zlib';
import type { ZipArchive } from './zip-archive.js';

const UTF8_FLAG = 0x800;

/** MS-DOS date and time, as zip headers hold them (local time, as zip tools write it). */
function dosTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((Math.max(1980, date.getFullYear()) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * Stored, not deflated: files whose bytes are mostly compressed already (a seal's and a stamp's
 * picture), and small ones (OFD.xml, Signatures.xml, a one-page Signature.xml), where a zlib
 * stream's set-up costs more time than the few hundred bytes it would save.
 */
const STORED = /\.(esl|dat|png|jpe?g|gif)$/i;
const STORED_BELOW = 4096;

/** A new file's local record and central-directory record (deflated unless STORED, UTF-8 name) at `offset`. */
function newEntry(name: string, data: Buffer, offset: number, when: Date): { local: Buffer; central: Buffer } {
  const nameBytes = Buffer.from(name, 'utf8');
  const stored = data.length < STORED_BELOW || STORED.test(name);
  const body = stored ? data : deflateRawSync(data);
  const crc = crc32(data) >>> 0;
  const { time, date } = dosTime(when);
  const local = Buffer.alloc(30 + nameBytes.length);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(UTF8_FLAG, 6);
  local.writeUInt16LE(stored ? 0 : 8, 8);
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(local, 30);
  const central = Buffer.alloc(46 + nameBytes.length);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  local.copy(central, 6, 4, 30); // version needed … name length: the same fields in the same order
  central.writeUInt32LE(offset, 42);
  nameBytes.copy(central, 46);
  return { local: Buffer.concat([local, body]), central };
}

/**
 * The package again with `replaced` files swapped in and `added` files appended: every other
 * entry's local record is copied raw (its compressed bytes, and so its content, byte-identical),
 * its central record copied with only its offset moved. Returns the parts to write in order.
 */
export function rewritePackage(archive: ZipArchive, replaced: ReadonlyMap<string, Buffer>, added: ReadonlyMap<string, Buffer>, when: Date): Buffer[] {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of archive.entries) {
    const replacement = replaced.get(entry.name);
    if (replacement) {
      const made = newEntry(entry.name, replacement, offset, when);
      parts.push(made.local);
      central.push(made.central);
      offset += made.local.length;
      continue;
    }
    const local = archive.bytes.subarray(entry.localStart, entry.localEnd);
    const record = Buffer.from(entry.record);
    record.writeUInt32LE(offset, 42);
    parts.push(local);
    central.push(record);
    offset += local.length;
  }
  for (const [name, data] of added) {
    const made = newEntry(name, data, offset, when);
    parts.push(made.local);
    central.push(made.central);
    offset += made.local.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  parts.push(centralBytes, end);
  return parts;
}
