/**
 * Test inputs, made by real producers in the test itself: pdf-lib writes the base document,
 * qpdf rewrites it into the other layouts (object + xref streams, linearized, hybrid-free
 * classic, …). Every helper writes into the caller's temp dir.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  PDFDocument,
  PDFHexString,
  PDFString,
  beginText,
  endText,
  moveText,
  setFontAndSize,
  showText,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from '@cantoo/pdf-lib';
import { PNG } from 'pngjs';

export const run = promisify(execFile);

export async function pdfLibDocument(dir: string, name: string, pages = 3, options: { useObjectStreams?: boolean } = {}): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Page ${i} of ${pages}: sealdesk test document`, { x: 50, y: 780, size: 14, font, color: rgb(0, 0, 0) });
  }
  const path = join(dir, name);
  await writeFile(path, await doc.save({ useObjectStreams: options.useObjectStreams ?? false }));
  return path;
}

/**
 * A big document: every page carries its own image of random (incompressible) pixels, so the
 * file really is `pages × bytesPerPage` large, like a scanned application file.
 */
export async function scannedDocument(dir: string, name: string, pages: number, bytesPerPage: number): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const side = Math.floor(Math.sqrt(bytesPerPage / 3));
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    const image = doc.context.register(
      doc.context.stream(randomBytes(side * side * 3), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }),
    );
    const key = page.node.newXObject('Scan', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(400, 0, 0, 400, 100, 300), drawObject(key), popGraphicsState());
    page.drawText(`Page ${i} of ${pages}`, { x: 50, y: 780, size: 14, font });
  }
  const path = join(dir, name);
  await writeFile(path, await doc.save({ useObjectStreams: false }));
  return path;
}

/** `qpdf [args] in out`; qpdf exits 3 for warnings, which are fine for making inputs. */
export async function qpdf(args: string[], input: string, output: string): Promise<string> {
  try {
    await run('qpdf', [...args, input, output]);
  } catch (error) {
    if ((error as { code?: number }).code !== 3) throw error;
  }
  return output;
}

/** Whether `qpdf --check` accepts the file without errors or warnings. */
export async function qpdfCheck(path: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('qpdf', ['--check', path]);
    return { ok: !/WARNING/.test(stdout + stderr), output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A red disc on transparent ground, the shape of an official seal. */
export function redSealPng(size = 120): Buffer {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inside = (x - c) ** 2 + (y - c) ** 2 <= (c - 2) ** 2;
      png.data[i] = 220;
      png.data[i + 1] = 20;
      png.data[i + 2] = 30;
      png.data[i + 3] = inside ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

/** A black-and-white square standing in for a QR code. */
export function checkerPng(size = 40): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const v = ((i % size) >> 2) % 2 === (Math.floor(i / size) >> 2) % 2 ? 0 : 255;
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/**
 * A document with Chinese text on page `textPage`, written the way many Chinese office tools
 * do: a non-embedded Adobe-GB1 CID font (STSong-Light) with the UniGB-UCS2-H encoding, so the
 * content stream holds UCS-2 codes. pdf-lib draws no CJK without fontkit, so the font and
 * the text operators are written through its low-level API.
 */
export async function chineseDocument(dir: string, name: string, pages: number, textPage: number, text = '盖章处', at: [number, number] = [200, 300]): Promise<string> {
  const doc = await PDFDocument.create();
  const descendant = doc.context.obj({
    Type: 'Font',
    Subtype: 'CIDFontType0',
    BaseFont: 'STSong-Light',
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 2 },
    FontDescriptor: doc.context.register(
      doc.context.obj({ Type: 'FontDescriptor', FontName: 'STSong-Light', Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 }),
    ),
  });
  const font = doc.context.register(
    doc.context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light', Encoding: 'UniGB-UCS2-H', DescendantFonts: [doc.context.register(descendant)] }),
  );
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    if (i !== textPage) continue;
    const key = page.node.newFontDictionary('CJK', font);
    const hex = [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    page.pushOperators(beginText(), setFontAndSize(key, 20), moveText(at[0], at[1]), showText(PDFHexString.of(hex)), endText());
  }
  const path = join(dir, name);
  await writeFile(path, await doc.save({ useObjectStreams: false }));
  return path;
}

/**
 * A hybrid-reference file (ISO 32000-2 §7.5.8.4): a classic table whose trailer names an xref
 * stream with /XRefStm. No tool at hand writes one, so it is made from qpdf's object-stream
 * output by appending a table that lists only object 0 and leaves every object to the stream —
 * a reader that skipped /XRefStm would find nothing.
 */
export async function hybridDocument(dir: string, name: string, objstmPdf: string): Promise<string> {
  const bytes = await readFile(objstmPdf);
  const text = bytes.toString('latin1');
  const tail = text.slice(text.lastIndexOf('startxref'));
  const xrefStm = Number(/startxref\s+(\d+)/.exec(tail)![1]);
  const dict = text.slice(xrefStm, text.indexOf('stream', xrefStm));
  const size = /\/Size (\d+)/.exec(dict)![1];
  const root = /\/Root (\d+ \d+ R)/.exec(dict)![1];
  const at = bytes.length;
  const table = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${size} /Root ${root} /XRefStm ${xrefStm} >>\nstartxref\n${at}\n%%EOF\n`;
  const path = join(dir, name);
  await writeFile(path, Buffer.concat([bytes, Buffer.from(table, 'latin1')]));
  return path;
}
