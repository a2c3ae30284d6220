import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { inflateBounded, type DocumentBudget } from '../../documents/index.js';

/** One file of the package as its central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** The central-directory record, raw (copied to an output with its offset patched). */
  readonly record: Buffer;
  /** Where its local header starts, its data starts, and its local record (with any data descriptor) ends. */
  readonly localStart: number;
  readonly dataStart: number;
  readonly localEnd: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const UTF8_FLAG = 0x800;

export const malformed = (reason: string): SealdeskError => new SealdeskError('OFD_MALFORMED', { reason });
const badName = (name: string, reason: string): SealdeskError => new SealdeskError('OFD_ENTRY_NAME_INVALID', { name: name.slice(0, 200), reason });

/**
 * An OFD package (a zip) held in memory, read from its central directory within the document's
 * budget: entries counted as they are listed (archiveEntries), names checked before anything is
 * inflated, each entry inflated only when asked, capped (per entry, by ratio, in total) and its
 * CRC checked. ZIP64, encryption and methods other than stored/deflate are refused: no OFD uses them.
 */
export class ZipArchive {
  readonly bytes: Buffer;
  readonly entries: readonly ZipEntry[];
  /** Where the central directory starts: every local record lies before it. */
  readonly centralStart: number;
  readonly #byName: Map<string, ZipEntry>;
  readonly #budget: DocumentBudget;
  readonly #cache = new Map<string, Buffer>();

  private constructor(bytes: Buffer, entries: ZipEntry[], centralStart: number, budget: DocumentBudget) {
    this.bytes = bytes;
    this.entries = entries;
    this.centralStart = centralStart;
    this.#byName = new Map(entries.map((e) => [e.name, e]));
    this.#budget = budget;
  }

  static read(bytes: Buffer, budget: DocumentBudget): ZipArchive {
    const end = findEnd(bytes);
    const diskEntries = bytes.readUInt16LE(end + 8);
    const cdSize = bytes.readUInt32LE(end + 12);
    const cdStart = bytes.readUInt32LE(end + 16);
    if (diskEntries === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) throw malformed('ZIP64 archives are not used by OFD');
    if (bytes.readUInt16LE(end + 4) !== 0 || bytes.readUInt16LE(end + 6) !== 0) throw malformed('a multi-volume archive');
    if (cdStart + cdSize > end) throw malformed('the central directory lies outside the file (truncated?)');
    const entries: ZipEntry[] = [];
    const names = new Set<string>();
    for (let at = cdStart; at < cdStart + cdSize; ) {
      budget.spend('archiveEntries');
      if (at + 46 > cdStart + cdSize || bytes.readUInt32LE(at) !== CENTRAL) throw malformed('a damaged central directory');
      const nameLength = bytes.readUInt16LE(at + 28);
      const recordLength = 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      if (at + recordLength > cdStart + cdSize) throw malformed('a damaged central directory');
      const record = bytes.subarray(at, at + recordLength);
      const flags = record.readUInt16LE(8);
      const name = entryName(record.subarray(46, 46 + nameLength), flags);
      checkName(name);
      if (names.has(name)) throw badName(name, 'the name occurs twice');
      names.add(name);
      entries.push(locate(bytes, record, name, flags, cdStart, budget));
      at += recordLength;
    }
    return new ZipArchive(bytes, entries, cdStart, budget);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.#byName.get(name);
  }

  /** The file's bytes, inflated within the budget and CRC-checked; undefined when the package has no such file. */
  read(name: string): Buffer | undefined {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const entry = this.#byName.get(name);
    if (!entry || entry.directory) return undefined;
    const raw = this.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) {
      this.#budget.within('inflatedBytesPerStream', raw.length);
      this.#budget.spend('inflatedBytes', raw.length);
      data = raw;
    } else {
      try {
        data = inflateBounded(raw, this.#budget, { raw: true, archiveEntry: true });
      } catch (error) {
        if (error instanceof SealdeskError) throw error;
        throw malformed(`${name} cannot be inflated: ${(error as Error).message}`);
      }
    }
    if (data.length !== entry.size || (crc32(data) >>> 0) !== entry.crc) throw malformed(`${name} does not match its size or CRC-32`);
    this.#cache.set(name, data);
    return data;
  }
}

/** The end-of-central-directory record: the last one in the file's final 64 KiB + 22 bytes. */
function findEnd(bytes: Buffer): number {
  if (bytes.length < 22) throw malformed('no zip end record (truncated, or not a zip)');
  const from = Math.max(0, bytes.length - 0xffff - 22);
  for (let at = bytes.length - 22; at >= from; at--) {
    if (bytes.readUInt32LE(at) === EOCD && at + 22 + bytes.readUInt16LE(at + 20) <= bytes.length) return at;
  }
  throw malformed('no zip end record (truncated, or not a zip)');
}

/** UTF-8 when flagged or valid; otherwise GBK, what Chinese zip tools write without saying so. */
function entryName(raw: Buffer, flags: number): string {
  const utf8 = raw.toString('utf8');
  if (flags & UTF8_FLAG || !utf8.includes('\uFFFD')) return utf8;
  return iconv.decode(raw, 'gbk');
}

/** A name that can only mean a file inside the package: relative, forward slashes, no `..`, no controls. */
function checkName(name: string): void {
  if (name.length === 0) throw badName(name, 'an empty name');
  if (name.includes('\\')) throw badName(name, 'a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw badName(name, 'an absolute path');
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badName(name, 'a control character');
  const parts = name.split('/');
  if (parts.some((p) => p === '..' || p === '.')) throw badName(name, 'a "." or ".." segment');
  if (parts.slice(0, -1).some((p) => p === '')) throw badName(name, 'an empty segment');
}

function locate(bytes: Buffer, record: Buffer, name: string, flags: number, cdStart: number, budget: DocumentBudget): ZipEntry {
  const method = record.readUInt16LE(10);
  const compressedSize = record.readUInt32LE(20);
  const size = record.readUInt32LE(24);
  const localStart = record.readUInt32LE(42);
  if (compressedSize === 0xffffffff || size === 0xffffffff || localStart === 0xffffffff) throw malformed('ZIP64 archives are not used by OFD');
  if (flags & 0x1) throw malformed(`${name} is encrypted`);
  if (method !== 0 && method !== 8) throw malformed(`${name} uses compression method ${method}`);
  budget.within('inflatedBytesPerStream', size);
  if (localStart + 30 > cdStart || bytes.readUInt32LE(localStart) !== LOCAL) throw malformed(`${name}'s local header is missing`);
  const dataStart = localStart + 30 + bytes.readUInt16LE(localStart + 26) + bytes.readUInt16LE(localStart + 28);
  let localEnd = dataStart + compressedSize;
  if (flags & 0x8) localEnd += localEnd + 4 <= cdStart && bytes.readUInt32LE(localEnd) === DESCRIPTOR ? 16 : 12;
  if (localEnd > cdStart) throw malformed(`${name}'s data runs past the central directory (truncated?)`);
  return { name, directory: name.endsWith('/'), method, flags, crc: record.readUInt32LE(16), compressedSize, size, record, localStart, dataStart, localEnd };
}
