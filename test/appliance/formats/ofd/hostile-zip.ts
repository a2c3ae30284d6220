import { crc32, deflateRawSync } from 'node:zlib';

export interface HostileEntry {
  name: string;
  data: Buffer;
  /** Stored instead of deflated. */
  store?: boolean;
  /** The uncompressed size the headers claim (a bomb lies). */
  declaredSize?: number;
}

/** A zip made by hand, so that a test may put in it what no zip library would write (duplicate names, `..`, bombs). */
export function makeZip(entries: readonly HostileEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.store ? e.data : deflateRawSync(e.data, { level: 9 });
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x800, 6);
    header.writeUInt16LE(e.store ? 0 : 8, 8);
    header.writeUInt32LE(crc32(e.data) >>> 0, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(e.declaredSize ?? e.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    header.copy(central, 6, 4, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(header, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xfffe), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xfffe), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
export const OFD_XML = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`);
export const DOCUMENT_XML = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`);
export const PAGE_XML = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Content><ofd:Layer ID="2"/></ofd:Content></ofd:Page>`);

/** A minimal one-page OFD with `extra` entries (or replacing one of its three by name). */
export function minimalOfd(extra: readonly HostileEntry[] = []): Buffer {
  const base: HostileEntry[] = [
    { name: 'OFD.xml', data: OFD_XML },
    { name: 'Doc_0/Document.xml', data: DOCUMENT_XML },
    { name: 'Doc_0/Pages/Page_0/Content.xml', data: PAGE_XML },
  ];
  const replaced = base.map((b) => extra.find((e) => e.name === b.name) ?? b);
  return makeZip([...replaced, ...extra.filter((e) => !base.some((b) => b.name === e.name))]);
}
