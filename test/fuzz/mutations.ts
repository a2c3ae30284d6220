import { deflateSync } from 'node:zlib';
import type { Base } from './bases.js';
import { appendUpdate, latin, tail, text, writeClassic, writeCompressed, type ParsedPdf, type PdfObject } from './pdf-objects.js';
import type { Rng } from './prng.js';

/** A mutation makes one file from one base; `kind` is the class findings are reported by. */
export interface Mutation {
  kind: string;
  /** Which bases it applies to. */
  applies(base: Base): boolean;
  make(base: Base, r: Rng): { bytes: Buffer; note: string };
}

/** Numbers a parser trusts at its peril: sizes, counts, offsets, indices. */
export const HUGE_NUMBERS = ['0', '-1', '-2147483648', '2147483647', '2147483648', '4294967296', '100000000', '9007199254740993', '1e308', '99999999999999999999999999999', '3.5', '-0.0000001', '.', '--5', '1'.repeat(5000)];

const anyBase = (): boolean => true;
const ofOurs = (base: Base): boolean => base.parsed !== undefined;

function tokens(file: Buffer, pattern: RegExp): RegExpExecArray[] {
  // the text outside stream data is where the syntax is; streams of ours are few and small
  return [...text(file).matchAll(new RegExp(pattern.source, 'g'))];
}

function replaceAt(file: Buffer, at: number, length: number, replacement: string | Buffer): Buffer {
  return Buffer.concat([file.subarray(0, at), typeof replacement === 'string' ? latin(replacement) : replacement, file.subarray(at + length)]);
}

const byteFlips: Mutation = {
  kind: 'byte-flip',
  applies: anyBase,
  make(base, r) {
    const bytes = Buffer.from(base.bytes);
    const n = r.between(1, 32);
    for (let i = 0; i < n; i++) {
      const at = r.int(bytes.length);
      bytes[at] = bytes[at]! ^ (1 << r.int(8));
    }
    return { bytes, note: `${n} bits flipped` };
  },
};

const burst: Mutation = {
  kind: 'byte-burst',
  applies: anyBase,
  make(base, r) {
    const bytes = Buffer.from(base.bytes);
    const at = r.int(bytes.length);
    const n = r.between(8, 512);
    for (let i = at; i < Math.min(bytes.length, at + n); i++) bytes[i] = r.int(256);
    return { bytes, note: `${n} random bytes at ${at}` };
  },
};

const truncation: Mutation = {
  kind: 'truncate',
  applies: anyBase,
  make(base, r) {
    const at = r.chance(0.5) ? r.int(base.bytes.length) : Math.max(0, base.bytes.length - r.between(1, 1024));
    return { bytes: base.bytes.subarray(0, at), note: `cut at ${at} of ${base.bytes.length}` };
  },
};

const splice: Mutation = {
  kind: 'splice',
  applies: anyBase,
  make(base, r) {
    const from = r.int(base.bytes.length);
    const length = r.between(1, 2048);
    const to = r.int(base.bytes.length);
    const piece = base.bytes.subarray(from, from + length);
    const bytes = r.chance(0.5) ? replaceAt(base.bytes, to, 0, piece) : replaceAt(base.bytes, to, Math.min(length, base.bytes.length - to), Buffer.alloc(0));
    return { bytes, note: `${piece.length} bytes from ${from} ${bytes.length > base.bytes.length ? 'inserted' : 'deleted'} at ${to}` };
  },
};

const number: Mutation = {
  kind: 'huge-number',
  applies: anyBase,
  make(base, r) {
    const found = tokens(base.bytes, /(?<=[\s[/<(])-?\d+(\.\d+)?(?=[\s\]>/])/);
    if (!found.length) return { bytes: base.bytes, note: 'no number' };
    const m = r.pick(found);
    const value = r.pick(HUGE_NUMBERS);
    return { bytes: replaceAt(base.bytes, m.index, m[0].length, value), note: `${m[0]} at ${m.index} → ${value.slice(0, 40)}` };
  },
};

const keyword: Mutation = {
  kind: 'keyword',
  applies: anyBase,
  make(base, r) {
    const found = tokens(base.bytes, /\b(obj|endobj|stream|endstream|xref|trailer|startxref|R)\b|<<|>>|\[|\]/);
    const m = r.pick(found);
    const replacement = r.pick(['', ' ', m[0] + m[0], '<<', '>>', '[', ']', '(', '%', 'null']);
    return { bytes: replaceAt(base.bytes, m.index, m[0].length, replacement), note: `${m[0]} at ${m.index} → ${JSON.stringify(replacement)}` };
  },
};

const reference: Mutation = {
  kind: 'reference',
  applies: anyBase,
  make(base, r) {
    const found = tokens(base.bytes, /\b\d+ \d+ R\b/);
    if (!found.length) return { bytes: base.bytes, note: 'no reference' };
    const m = r.pick(found);
    const own = tokens(base.bytes, /\b(\d+) \d+ obj\b/).filter((o) => o.index < m.index).at(-1)?.[1] ?? '1';
    const replacement = r.pick([`${own} 0 R`, '999999 0 R', '2147483647 0 R', '0 0 R', '1 65535 R', '-1 0 R', `${own} 0 R ${own} 0 R`]);
    return { bytes: replaceAt(base.bytes, m.index, m[0].length, replacement), note: `${m[0]} → ${replacement}` };
  },
};

const streamLength: Mutation = {
  kind: 'stream-length',
  applies: anyBase,
  make(base, r) {
    const found = tokens(base.bytes, /\/Length \d+( \d+ R)?/);
    if (!found.length) return { bytes: base.bytes, note: 'no /Length' };
    const m = r.pick(found);
    const value = r.pick([...HUGE_NUMBERS, '99 0 R', `${Number(/\d+/.exec(m[0])![0]) + r.between(-16, 16)}`]);
    return { bytes: replaceAt(base.bytes, m.index, m[0].length, `/Length ${value}`), note: `${m[0]} → /Length ${value.slice(0, 40)}` };
  },
};

const xrefTable: Mutation = {
  kind: 'xref-table',
  applies: ofOurs,
  make(base, r) {
    const choice = r.int(6);
    const notes: string[] = [];
    const bytes = writeClassic(base.parsed!, {
      table: (lines) => {
        if (choice === 0) {
          const i = r.between(2, lines.length - 1);
          const delta = r.pick([-1, 1, -17, 400, 1 << 30]);
          lines[i] = lines[i]!.replace(/^\d{10}/, (d) => String(Math.max(0, Number(d) + delta)).padStart(10, '0'));
          notes.push(`entry ${i - 1} offset ${delta > 0 ? '+' : ''}${delta}`);
        } else if (choice === 1) {
          lines[0] = `0 ${r.pick(['2147483647', '100000000', '0', '-5', '99999999999999999999'])}`;
          notes.push(`subsection header ${lines[0]}`);
        } else if (choice === 2) {
          const i = r.between(2, lines.length - 1);
          lines[i] = lines[i]!.replace(/ [nf] $/, r.pick([' f ', ' x ', ' n', '']));
          notes.push(`entry ${i - 1} type changed`);
        } else if (choice === 3) {
          const i = r.between(2, lines.length - 1);
          lines[i] = lines[i]!.replace(/ \d{5} /, r.pick([' 65535 ', ' 99999 ', ' 00001 ']));
          notes.push(`entry ${i - 1} generation changed`);
        } else if (choice === 4) {
          lines.splice(r.between(1, lines.length - 1), 1);
          notes.push('an entry removed');
        }
        return lines;
      },
      trailer: (dict) => {
        if (choice !== 5) return dict;
        const which = r.int(3);
        notes.push(['/Size', '/Root', '/Prev'][which]!);
        if (which === 0) return dict.replace(/\/Size \d+/, `/Size ${r.pick(HUGE_NUMBERS)}`);
        if (which === 1) return dict.replace(/\/Root \d+ \d+ R/, r.pick(['/Root 999 0 R', '/Root 1 0 R', '/Root null', '/Root << /Type /Catalog >>']));
        return dict.replace(/>>$/, `/Prev ${r.pick(HUGE_NUMBERS)} >>`);
      },
      startxref: (at) => {
        if (!r.chance(0.15)) return String(at);
        const value = r.pick(['0', '-1', String(at + 3), String(at - 3), '99999999999', '1e9']);
        notes.push(`startxref ${value}`);
        return value;
      },
    });
    return { bytes, note: notes.join(', ') || 'unchanged' };
  },
};

const xrefStream: Mutation = {
  kind: 'xref-stream',
  applies: ofOurs,
  make(base, r) {
    const choice = r.int(6);
    const notes: string[] = [];
    const bytes = writeCompressed(base.parsed!, {
      widths: choice === 0 ? r.pick<[number, number, number]>([[0, 0, 0], [1, 2, 1], [1, 8, 2], [0, 4, 2], [1, 4, 0]]) : undefined,
      xrefDict: (dict) => {
        if (choice === 0) notes.push(`widths ${/\/W \[[^\]]*\]/.exec(dict)![0]}`);
        if (choice === 1) {
          const w = r.pick(['[1 4 2 7]', '[1 4]', '[255 255 255]', '[-1 4 2]', '[1 2147483647 2]', '7']);
          notes.push(`/W ${w}`);
          return dict.replace(/\/W \[[^\]]*\]/, `/W ${w}`);
        }
        if (choice === 2) {
          const index = r.pick(['[0 2147483647]', '[2147483640 10]', '[0 1 0 1 0 1]', '[5]', '[-1 3]', '[0 100000000]']);
          notes.push(`/Index ${index}`);
          return dict.replace(/>>$/, `/Index ${index} >>`);
        }
        if (choice === 3) {
          const size = r.pick(HUGE_NUMBERS);
          notes.push(`/Size ${size.slice(0, 20)}`);
          return dict.replace(/\/Size \d+/, `/Size ${size}`);
        }
        return dict;
      },
      xrefRows: (rows) => {
        if (choice !== 4) return rows;
        const i = r.int(rows.length);
        const field = r.int(3);
        rows[i]![field] = r.pick([0, 1, 2, 3, 255, 65535, 2 ** 31 - 1, 2 ** 32 - 1, rows.length - 1]);
        notes.push(`row ${i} field ${field} = ${rows[i]![field]}`);
        return rows;
      },
      xrefData: (packed) => {
        if (choice !== 5) return deflateSync(packed);
        const z = deflateSync(packed);
        const how = r.int(3);
        notes.push(['compressed data cut', 'data not compressed', 'compressed data flipped'][how]!);
        if (how === 0) return z.subarray(0, r.int(z.length));
        if (how === 1) return packed;
        const flipped = Buffer.from(z);
        const at = r.int(flipped.length);
        flipped[at] = flipped[at]! ^ 0xff;
        return flipped;
      },
    });
    return { bytes, note: notes.join(', ') || 'unchanged' };
  },
};

const objectStream: Mutation = {
  kind: 'object-stream',
  applies: ofOurs,
  make(base, r) {
    const choice = r.int(5);
    const notes: string[] = [];
    const bytes = writeCompressed(base.parsed!, {
      perStream: r.pick([1, 2, 3, 100]),
      objStmDict: (dict, index) => {
        if (index !== 0) return dict;
        if (choice === 0) {
          const n = r.pick(HUGE_NUMBERS);
          notes.push(`/N ${n.slice(0, 20)}`);
          return dict.replace(/\/N \d+/, `/N ${n}`);
        }
        if (choice === 1) {
          const first = r.pick(HUGE_NUMBERS);
          notes.push(`/First ${first.slice(0, 20)}`);
          return dict.replace(/\/First \d+/, `/First ${first}`);
        }
        if (choice === 2) {
          notes.push('/Extends itself');
          return dict.replace(/>>$/, '/Extends 1 0 R >>');
        }
        return dict;
      },
      objStmHeader: (header, index) => {
        if (index !== 0 || choice !== 3) return header;
        const numbers = header.split(' ');
        const i = r.int(numbers.length);
        numbers[i] = r.pick(HUGE_NUMBERS);
        notes.push(`header number ${i} → ${numbers[i]!.slice(0, 20)}`);
        return numbers.join(' ');
      },
      objStmData: (data, index) => {
        if (index !== 0 || choice !== 4) return deflateSync(data);
        const d = Buffer.from(data);
        const at = r.int(d.length);
        d[at] = r.pick([0x5b, 0x5d, 0x3c, 0x3e, 0x28, 0x2f, 0x00]);
        notes.push(`decoded byte ${at} → ${String.fromCharCode(d[at]!)}`);
        return deflateSync(d);
      },
    });
    return { bytes, note: notes.join(', ') || 'unchanged' };
  },
};

function pagesOf(parsed: ParsedPdf): { pagesNum: number; pageNums: number[] } {
  const catalog = parsed.objects.find((o) => `${o.num} ${o.gen} R` === parsed.root)!;
  const pagesNum = Number(/\/Pages (\d+) \d+ R/.exec(text(catalog.body))![1]);
  const pageNums = parsed.objects.filter((o) => /\/Type \/Page\b/.test(text(o.body))).map((o) => o.num);
  return { pagesNum, pageNums };
}

const obj = (num: number, body: string): PdfObject => ({ num, gen: 0, body: latin(body) });

/** A page tree that lies or loops, written as an update that replaces the root /Pages node. */
const pageTree: Mutation = {
  kind: 'page-tree',
  applies: ofOurs,
  make(base, r) {
    const { pagesNum, pageNums } = pagesOf(base.parsed!);
    const next = tail(base.bytes).size;
    const kids = pageNums.map((n) => `${n} 0 R`).join(' ');
    const choice = r.int(9);
    const update = (objects: PdfObject[], note: string) => ({ bytes: appendUpdate(base.bytes, objects), note });
    switch (choice) {
      case 0: {
        const count = r.pick(['2147483647', '100000000', '4294967296', '-1', '0', '1.5', '99999999999999999999']);
        return update([obj(pagesNum, `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`)], `/Count ${count}`);
      }
      case 1:
        return update([obj(pagesNum, `<< /Type /Pages /Kids [${kids} ${pagesNum} 0 R] /Count ${pageNums.length + 1} >>`)], 'root lists itself as a kid');
      case 2: {
        const n = r.pick([100, 4000, 20000]);
        return update([obj(pagesNum, `<< /Type /Pages /Kids [${Array(n).fill(`${pageNums[0]} 0 R`).join(' ')}] /Count ${n} >>`)], `${n} kids, all the same page`);
      }
      case 3: {
        // a chain of intermediate nodes, deeper than any limit
        const depth = r.pick([65, 100, 5000]);
        const objects: PdfObject[] = [];
        for (let i = 0; i < depth; i++) {
          const num = i === 0 ? pagesNum : next + i - 1;
          const child = i === depth - 1 ? kids : `${next + i} 0 R`;
          objects.push(obj(num, `<< /Type /Pages /Kids [${child}] /Count ${pageNums.length} >>`));
        }
        return update(objects, `a chain of ${depth} /Pages nodes`);
      }
      case 4:
        // two intermediate nodes that are each other's kid
        return update(
          [obj(pagesNum, `<< /Type /Pages /Kids [${next} 0 R] /Count 2 >>`), obj(next, `<< /Type /Pages /Kids [${next + 1} 0 R] /Count 2 >>`), obj(next + 1, `<< /Type /Pages /Kids [${next} 0 R] /Count 2 >>`)],
          'two nodes that are each other’s kid',
        );
      case 5: {
        const bad = r.pick(['999999 0 R', '(a string)', 'null', '[1 2 3]', '<< >>', `${pagesNum} 0 R`]);
        return update([obj(pagesNum, `<< /Type /Pages /Kids [${bad} ${kids}] /Count ${pageNums.length + 1} >>`)], `a kid that is ${bad}`);
      }
      case 6: {
        const k = r.pick(['null', '5', '(x)', '<< /Kids [] >>', '[]']);
        return update([obj(pagesNum, `<< /Type /Pages /Kids ${k} /Count ${pageNums.length} >>`)], `/Kids ${k}`);
      }
      case 7: {
        // the kids lie in their own /Count: an intermediate node saying it holds a million pages
        return update(
          [obj(pagesNum, `<< /Type /Pages /Kids [${next} 0 R] /Count 1000000 >>`), obj(next, `<< /Type /Pages /Kids [${kids}] /Count 1000000 /Parent ${pagesNum} 0 R >>`)],
          'an intermediate /Count of 1000000',
        );
      }
      default: {
        // a page whose /Parent loops, and whose MediaBox is absurd
        const page = pageNums[0]!;
        const box = r.pick(['[0 0 1e308 1e308]', '[0 0 0 0]', '[0 0 2147483647 2147483647]', '[(a) 0 1 1]', '[0 0 -595 -842]']);
        return update([obj(page, `<< /Type /Page /Parent ${page} 0 R /MediaBox ${box} /Rotate ${r.pick(['90', '2147483647', '-270', '45'])} >>`)], `page ${page} its own parent, MediaBox ${box}`);
      }
    }
  },
};

/** Deep arrays or dictionaries, in a page's dictionary (or the catalog) as an update. */
export function nested(depth: number, kind: 'array' | 'dict'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '<< /A '.repeat(depth) + '1' + ' >>'.repeat(depth);
}

const nesting: Mutation = {
  kind: 'nesting',
  applies: ofOurs,
  make(base, r) {
    const { pageNums } = pagesOf(base.parsed!);
    const depth = r.pick([100, 1000, 10000, 100000]);
    const kind = r.pick(['array', 'dict'] as const);
    const page = base.parsed!.objects.find((o) => o.num === pageNums[0])!;
    const body = text(page.body).replace(/>>\s*$/, `/Deep ${nested(depth, kind)} >>`);
    return { bytes: appendUpdate(base.bytes, [{ num: page.num, gen: 0, body: latin(body) }]), note: `${kind} nested ${depth} deep in page ${page.num}` };
  },
};

const hugeValues: Mutation = {
  kind: 'huge-values',
  applies: ofOurs,
  make(base, r) {
    const { pageNums } = pagesOf(base.parsed!);
    const page = base.parsed!.objects.find((o) => o.num === pageNums[0])!;
    const choice = r.int(4);
    let extra: string;
    if (choice === 0) extra = `/Contents [${Array(r.pick([1000, 100000])).fill('999 0 R').join(' ')}]`;
    else if (choice === 1) extra = `/Annots [${Array(r.pick([1000, 50000])).fill('<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 1 1] >>').join(' ')}]`;
    else if (choice === 2) extra = `/Long (${'A'.repeat(r.pick([100000, 4000000]))})`;
    else extra = `/Name /${'N'.repeat(r.pick([1000, 1000000]))}`;
    const body = text(page.body).replace(/\/(Contents|Annots) [^/>]*/, '').replace(/>>\s*$/, `${extra} >>`);
    return { bytes: appendUpdate(base.bytes, [{ num: page.num, gen: 0, body: latin(body) }]), note: `page ${page.num} gets ${extra.slice(0, 30)}… (${extra.length} bytes)` };
  },
};

export const MUTATIONS: readonly Mutation[] = [byteFlips, burst, truncation, splice, number, keyword, reference, streamLength, xrefTable, xrefStream, objectStream, pageTree, nesting, hugeValues];
