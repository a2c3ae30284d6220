import type { Base } from './bases.js';
import { flateBomb } from './flate-bomb.js';
import { nested } from './mutations.js';
import { appendUpdate, latin, streamBody, tail, text, writeClassic, writeCompressed, type PdfObject } from './pdf-objects.js';

/** A hand-made hostile document: the attacks issue 19 names, each small on disk. */
export interface Bomb {
  kind: string;
  name: string;
  make(bases: Map<string, Base>): Buffer;
}

const GiB2 = 2 ** 31 - 2 ** 20; // under Node's 2 GiB-ish Buffer ceilings, so the inflate really runs
const obj = (num: number, body: string | Buffer): PdfObject => ({ num, gen: 0, body: typeof body === 'string' ? latin(body) : body });

function base(bases: Map<string, Base>, name: string): Base {
  const b = bases.get(name);
  if (!b) throw new Error(`no base ${name}`);
  return b;
}

/** The latest body of object `num` in a file with top-level objects (what an update replaces). */
function latestBody(file: Buffer, num: number): string {
  const s = text(file);
  const at = s.lastIndexOf(`\n${num} 0 obj`);
  const start = s.indexOf('obj', at) + 3;
  return s.slice(start, s.indexOf('endobj', start)).trim();
}

function firstPage(b: Base): number {
  return b.parsed!.objects.find((o) => /\/Type \/Page\b/.test(text(o.body)))!.num;
}

function catalogNum(file: Buffer): number {
  return Number(/^(\d+)/.exec(tail(file).root)![1]);
}

/** `count` signature fields, all with the same /V: the signature of `signed`, or a new one with /Contents of `contentsBytes`. */
function sharedSignatureFields(signed: Buffer, count: number, contentsBytes?: number): Buffer {
  const s = text(signed);
  const sigNum = Number(/(\d+) 0 obj\s*<<[^]*?\/ByteRange/.exec(s)![1]);
  let next = tail(signed).size;
  const objects: PdfObject[] = [];
  let v = sigNum;
  if (contentsBytes) {
    v = next++;
    objects.push(obj(v, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 100 200 300] /Contents <${'30'.repeat(contentsBytes)}> >>`));
  }
  const fields: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = next++;
    fields.push(n);
    objects.push(obj(n, `<< /FT /Sig /T (f${i}) /V ${v} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] >>`));
  }
  const root = catalogNum(signed);
  const catalog = latestBody(signed, root).replace(/\/AcroForm (<<[^]*?>>|\d+ 0 R)/, '').replace(/>>\s*$/, `/AcroForm << /SigFlags 3 /Fields [${fields.map((f) => `${f} 0 R`).join(' ')}] >> >>`);
  objects.push(obj(root, catalog));
  return appendUpdate(signed, objects);
}

function pageTreeWith(b: Base, kids: string, count: string): Buffer {
  const catalog = b.parsed!.objects.find((o) => `${o.num} ${o.gen} R` === b.parsed!.root)!;
  const pagesNum = Number(/\/Pages (\d+) \d+ R/.exec(text(catalog.body))![1]);
  return appendUpdate(b.bytes, [obj(pagesNum, `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`)]);
}

/** A /Prev chain whose two sections point at each other (the second update patched into the first). */
function prevPair(b: Base): Buffer {
  const placeholder = '/Prev 0000000000';
  const first = appendUpdate(b.bytes, [], { trailer: (d) => d.replace(/\/Prev \d+/, placeholder) });
  const page = firstPage(b);
  const second = appendUpdate(first, [obj(page, latestBody(first, page))], { trailer: (d) => d.replace(/\/Prev \d+/, `/Prev ${tail(first).startxref}`) });
  const at = text(second).indexOf(placeholder, b.bytes.length);
  const patched = Buffer.from(second);
  patched.write(`/Prev ${String(tail(second).startxref).padStart(10, '0')}`, at, 'latin1');
  return patched;
}

export const BOMBS: readonly Bomb[] = [
  {
    kind: 'bomb-flate',
    name: 'content-stream-2g',
    make(bases) {
      const b = base(bases, 'three-pages.pdf');
      const page = firstPage(b);
      const next = tail(b.bytes).size;
      const body = latestBody(b.bytes, page).replace(/\/Contents (\d+ 0 R|\[[^\]]*\])/, `/Contents ${next} 0 R`);
      return appendUpdate(b.bytes, [obj(page, body), obj(next, streamBody('<< /Filter /FlateDecode >>', flateBomb(latin('q 1 0 0 1 0 0 cm Q\n'), GiB2)))]);
    },
  },
  {
    kind: 'bomb-flate',
    name: 'xref-stream-2g',
    make: (bases) => writeCompressed(base(bases, 'three-pages.pdf').parsed!, { xrefData: (packed) => flateBomb(packed, GiB2) }),
  },
  {
    kind: 'bomb-flate',
    name: 'object-stream-2g',
    make: (bases) => writeCompressed(base(bases, 'three-pages.pdf').parsed!, { objStmData: (data) => flateBomb(data, GiB2) }),
  },
  {
    kind: 'bomb-flate',
    name: 'object-streams-40x256m-xref-broken',
    // no usable xref: the repair scan meets 40 object streams of 256 MiB each
    make: (bases) =>
      writeCompressed(base(bases, 'twelve-pages.pdf').parsed!, { perStream: 1, objStmData: (data) => flateBomb(data, 2 ** 28), startxref: () => '12' }),
  },
  {
    kind: 'bomb-flate',
    name: 'content-stream-200m',
    make(bases) {
      const b = base(bases, 'one-page.pdf');
      const page = firstPage(b);
      const next = tail(b.bytes).size;
      const body = latestBody(b.bytes, page).replace(/\/Contents (\d+ 0 R|\[[^\]]*\])/, `/Contents ${next} 0 R`);
      return appendUpdate(b.bytes, [obj(page, body), obj(next, streamBody('<< /Filter /FlateDecode >>', flateBomb(latin('q Q\n'), 200 * 2 ** 20)))]);
    },
  },
  { kind: 'bomb-signature-fields', name: 'sig-fields-10000-one-v', make: (bases) => sharedSignatureFields(base(bases, 'signed.pdf').bytes, 10000) },
  { kind: 'bomb-signature-fields', name: 'sig-fields-300-one-v-4mb-contents', make: (bases) => sharedSignatureFields(base(bases, 'signed.pdf').bytes, 300, 4 * 2 ** 20) },
  { kind: 'bomb-page-tree', name: 'count-2147483647', make: (bases) => pageTreeWith(base(bases, 'three-pages.pdf'), `${firstPage(base(bases, 'three-pages.pdf'))} 0 R`, '2147483647') },
  { kind: 'bomb-page-tree', name: 'count-1e8', make: (bases) => pageTreeWith(base(bases, 'three-pages.pdf'), `${firstPage(base(bases, 'three-pages.pdf'))} 0 R`, '100000000') },
  {
    kind: 'bomb-page-tree',
    name: 'shared-kids-4000',
    make(bases) {
      const b = base(bases, 'three-pages.pdf');
      return pageTreeWith(b, Array(4000).fill(`${firstPage(b)} 0 R`).join(' '), '4000');
    },
  },
  ...([100000, 10000] as const).flatMap((depth) =>
    (['array', 'dict'] as const).map(
      (kind): Bomb => ({
        kind: 'bomb-nesting',
        name: `deep-${kind}-${depth}`,
        make(bases) {
          const b = base(bases, 'three-pages.pdf');
          const page = firstPage(b);
          return appendUpdate(b.bytes, [obj(page, latestBody(b.bytes, page).replace(/>>\s*$/, `/Deep ${nested(depth, kind)} >>`))]);
        },
      }),
    ),
  ),
  {
    kind: 'bomb-nesting',
    name: 'deep-array-100000-in-trailer',
    make: (bases) => appendUpdate(base(bases, 'three-pages.pdf').bytes, [], { trailer: (d) => d.replace(/>>$/, `/Deep ${nested(100000, 'array')} >>`) }),
  },
  {
    kind: 'bomb-nesting',
    name: 'deep-dict-100000-in-object-stream',
    make(bases) {
      const parsed = base(bases, 'three-pages.pdf').parsed!;
      const page = parsed.objects.find((o) => /\/Type \/Page\b/.test(text(o.body)))!;
      const objects = parsed.objects.map((o) => (o === page ? { ...o, body: latin(text(o.body).replace(/>>\s*$/, `/Deep ${nested(100000, 'dict')} >>`)) } : o));
      return writeCompressed({ ...parsed, objects });
    },
  },
  { kind: 'bomb-prev-loop', name: 'prev-self', make: (bases) => appendUpdate(base(bases, 'three-pages.pdf').bytes, [], { trailer: (d, at) => d.replace(/\/Prev \d+/, `/Prev ${at}`) }) },
  { kind: 'bomb-prev-loop', name: 'prev-pair', make: (bases) => prevPair(base(bases, 'three-pages.pdf')) },
  { kind: 'bomb-prev-loop', name: 'prev-self-xref-stream', make: (bases) => writeCompressed(base(bases, 'three-pages.pdf').parsed!, { xrefDict: (d, at) => d.replace(/>>$/, `/Prev ${at} >>`) }) },
  {
    kind: 'bomb-prev-loop',
    name: 'prev-chain-100000',
    // a long but loop-free chain: 100,000 empty sections, each /Prev the one before
    make(bases) {
      const b = base(bases, 'three-pages.pdf');
      const { startxref, root, size } = tail(b.bytes);
      const parts: Buffer[] = [b.bytes];
      let at = b.bytes.length;
      let prev = startxref;
      for (let i = 0; i < 100000; i++) {
        const section = latin(`xref\n0 0\ntrailer\n<< /Size ${size} /Root ${root} /Prev ${prev} >>\n`);
        parts.push(section);
        prev = at;
        at += section.length;
      }
      parts.push(latin(`startxref\n${prev}\n%%EOF\n`));
      return Buffer.concat(parts);
    },
  },
  { kind: 'bomb-xref', name: 'xref-table-2147483647-entries', make: (bases) => writeClassic(base(bases, 'three-pages.pdf').parsed!, { table: (lines) => [`0 2147483647`, ...lines.slice(1)], trailer: (d) => d.replace(/\/Size \d+/, '/Size 2147483647') }) },
];
