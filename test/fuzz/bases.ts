import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { openPdf, prepareSignature } from '../../appliance/pdf/index.js';
import { buildSignedData } from '../../appliance/pades/signed-data.js';
import { chineseDocument, hybridDocument, pdfLibDocument, qpdf, redSealPng } from '../appliance/pdf/make-pdf.js';
import { parsePdf, streamBody, text, latin, writeClassic, writeCompressed, type ParsedPdf } from './pdf-objects.js';
import { softwareSeal } from './software-seal.js';

/** One document the corpus is derived from. */
export interface Base {
  name: string;
  bytes: Buffer;
  /** Its objects, when it is one of ours (classic layout) and can be rewritten in another layout. */
  parsed?: ParsedPdf;
  /** Whether it carries a signature (verify has a CMS to chew on). */
  signed?: boolean;
}

const FIXED_DATE = 'D:20260101000000Z';

/**
 * pdf-lib writes the time and random resource names (/Helvetica-7098480789): both are set to
 * fixed values (content streams inflated, fixed, deflated again) so a seed makes the same bytes.
 */
function normalised(file: Buffer): ParsedPdf {
  const parsed = parsePdf(file);
  const fix = (s: string): string => s.replace(/D:\d{14}(Z|[+-]\d\d'\d\d'?)?/g, FIXED_DATE).replace(/\/([A-Za-z]+)-\d{4,}/g, '/$1-1');
  parsed.objects = parsed.objects.map((o) => {
    const body = text(o.body);
    const at = body.indexOf('stream');
    if (at === -1 || body.slice(at - 3, at) === 'end') return { ...o, body: latin(fix(body)) };
    const dict = body.slice(0, at);
    const start = at + 6 + (body[at + 6] === '\r' ? 2 : 1);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    let data = o.body.subarray(start, start + length);
    if (/\/FlateDecode/.test(dict) && !/DecodeParms/.test(dict) && !/\/Subtype \/Image/.test(dict)) {
      data = deflateSync(latin(fix(text(inflateSync(data)))));
    }
    return { ...o, body: streamBody(fix(dict.trim()), data) };
  });
  return parsed;
}

async function qpdfMade(dir: string, name: string, args: string[], input: string): Promise<Base> {
  const out = await qpdf(['--deterministic-id', ...args], input, join(dir, name));
  return { name, bytes: await readFile(out) };
}

/**
 * The bases, written into `dir`: the project's own test documents (make-pdf.ts) in the layouts
 * the parser must read — classic tables, object + xref streams, linearized, hybrid — and a
 * signed one made by the appliance's own prepareSignature with a real CMS.
 */
export async function makeBases(dir: string): Promise<Base[]> {
  await mkdir(dir, { recursive: true });
  const made = join(dir, 'made');
  await mkdir(made, { recursive: true });
  const classic = async (name: string, source: string): Promise<Base> => {
    const parsed = normalised(await readFile(source));
    const bytes = writeClassic(parsed);
    await writeFile(join(dir, name), bytes);
    return { name, bytes, parsed };
  };
  const three = await classic('three-pages.pdf', await pdfLibDocument(made, 'three.pdf', 3));
  const twelve = await classic('twelve-pages.pdf', await pdfLibDocument(made, 'twelve.pdf', 12));
  const chinese = await classic('chinese.pdf', await chineseDocument(made, 'chinese.pdf', 2, 2));
  const one = await classic('one-page.pdf', await pdfLibDocument(made, 'one.pdf', 1));
  const ours: Base = { name: 'ours-objstm.pdf', bytes: writeCompressed(three.parsed!), parsed: three.parsed! };
  await writeFile(join(dir, ours.name), ours.bytes);
  const objstm = await qpdfMade(dir, 'qpdf-objstm.pdf', ['--object-streams=generate'], join(dir, 'twelve-pages.pdf'));
  const linearized = await qpdfMade(dir, 'qpdf-linearized.pdf', ['--linearize'], join(dir, 'twelve-pages.pdf'));
  const hybridPath = await hybridDocument(dir, 'hybrid.pdf', join(dir, 'qpdf-objstm.pdf'));
  const hybrid: Base = { name: 'hybrid.pdf', bytes: await readFile(hybridPath) };
  const signed = await signedBase(dir, 'signed.pdf', join(dir, 'three-pages.pdf'));
  const signedTwice = await signedBase(dir, 'signed-twice.pdf', join(dir, 'signed.pdf'));
  return [three, twelve, chinese, one, ours, objstm, linearized, hybrid, signed, signedTwice];
}

/** `input` signed once more by the software seal, through the appliance's own incremental writer. */
async function signedBase(dir: string, name: string, input: string): Promise<Base> {
  const seal = await softwareSeal();
  const out = join(dir, name);
  const doc = await openPdf(input);
  try {
    const prepared = await prepareSignature(doc, out, {
      images: [{ png: redSealPng(60), rect: [300, 300, 360, 360] }],
      signingTime: new Date('2026-01-01T00:00:00Z'),
      name: 'fuzz corpus seal',
      contentsSize: 8192,
    });
    const cms = await buildSignedData({ digest: prepared.digest, signerCertificate: seal.certificate, signer: seal.signer });
    await prepared.embed(cms);
  } finally {
    await doc.close();
  }
  return { name, bytes: await readFile(out), signed: true };
}
