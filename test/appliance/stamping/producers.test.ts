/**
 * Inputs written by other producers, made in the test itself — ghostscript's pdfwrite, Chromium's
 * print-to-PDF of a Chinese page, qpdf linearized with object streams — stamped by stampPdf and
 * then checked the way a recipient would: sealdesk's verifier, poppler's pdfsig, qpdf --check and
 * mupdf's mutool. A missing tool fails the test with the Debian package to install.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stampPdf } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { hybridDocument, pdfLibDocument, qpdf, qpdfCheck, run, scannedDocument } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { openSealFixture, type SealFixture } from './helpers/seal-fixture.js';
import { nssWithRoot, pdfsig } from './helpers/validators.js';

/** Fails (never skips) when a tool the test needs is not installed. */
async function requireTool(command: string, debianPackage: string): Promise<void> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
  } catch {
    throw new Error(`${command} is not installed: apt-get install -y ${debianPackage} (scripts/setup.sh installs it)`);
  }
}

/** mutool's verdict: `mutool info` and `mutool show … trailer` / the last object, with every warning or error line it printed. */
async function mutoolProblems(path: string): Promise<{ problems: string[]; info: string }> {
  const lines: string[] = [];
  const collect = (text: string) => lines.push(...text.split('\n').filter((l) => /error|warning|repair|broken|cannot/i.test(l)));
  const info = await run('mutool', ['info', path]);
  collect(info.stderr);
  const trailer = await run('mutool', ['show', path, 'trailer']);
  collect(trailer.stderr);
  const size = Number(/\/Size (\d+)/.exec(trailer.stdout)?.[1] ?? 0);
  // the last object is the signature revision's newest: mutool reads it through the new xref section
  const last = await run('mutool', ['show', path, String(size - 1)]);
  collect(last.stderr);
  return { problems: lines, info: info.stdout };
}

const CHINESE_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>行政许可决定书</title>
<style>body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;margin:2cm}h1{font-size:22pt}</style></head>
<body><h1>行政许可决定书</h1><p>杭州市西湖区行政审批服务管理局经审查，申请人提交的材料齐全、符合法定形式，决定准予行政许可。</p>
<p>盖章处</p></body></html>`;

let f: SealFixture;
let dir: string;
let nss: string;
let seal: Seal;
let base: string;

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('producers-stamp');
  seal = await f.seal('行政审批专用章');
  await f.token.logout();
  nss = await nssWithRoot(dir, f.rootPem);
  base = await pdfLibDocument(dir, 'base.pdf', 2);
}, 60_000);

type Producer = () => Promise<string>;

const producers: [string, Producer, string | undefined][] = [
  [
    'ghostscript pdfwrite',
    async () => {
      await requireTool('gs', 'ghostscript');
      const out = join(dir, 'gs.pdf');
      await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', `-sOutputFile=${out}`, base]);
      return out;
    },
    'GPL Ghostscript',
  ],
  [
    'Chromium print-to-PDF of a Chinese page',
    async () => {
      await requireTool('chromium', 'chromium');
      const html = join(dir, 'page.html');
      await writeFile(html, CHINESE_PAGE);
      const out = join(dir, 'chromium.pdf');
      const profile = join(dir, 'chromium-profile');
      await run(
        'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          `--print-to-pdf=${out}`,
          '--no-pdf-header-footer',
          `file://${html}`,
        ],
        { timeout: 30_000 },
      );
      return out;
    },
    'Skia/PDF',
  ],
  ['qpdf --linearize with object streams', () => qpdf(['--linearize', '--object-streams=generate'], base, join(dir, 'linear-objstm.pdf')), undefined],
  // issue 19: the held-out file sealdesk refused (PDF_MALFORMED "no catalog found")
  ['1,151 pages, qpdf --linearize (classic xref tables)', async () => qpdf(['--linearize'], await scannedDocument(dir, 'pages-1151.pdf', 1151, 300), join(dir, 'linear-1151.pdf')), '/Linearized 1'],
  [
    // ghostscript 10.00 writes classic tables only (-dWriteXRefStm came in 10.02): qpdf rewrites its objects into streams
    'ghostscript pdfwrite, then qpdf --object-streams=generate',
    async () => {
      await requireTool('gs', 'ghostscript');
      const out = join(dir, 'gs-for-objstm.pdf');
      await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', `-sOutputFile=${out}`, base]);
      return qpdf(['--object-streams=generate'], out, join(dir, 'gs-objstm.pdf'));
    },
    '/Type /XRef',
  ],
  ['pdf-lib with object streams', () => pdfLibDocument(dir, 'pdflib-objstm.pdf', 2, { useObjectStreams: true }), '/Type /ObjStm'],
  ['a hybrid-reference file (table + /XRefStm)', async () => hybridDocument(dir, 'hybrid.pdf', await qpdf(['--object-streams=generate'], base, join(dir, 'pre-hybrid.pdf'))), '/XRefStm'],
];

describe.each(producers)('a PDF from %s, stamped', (label, produce, producerMark) => {
  let input: string;
  let output: string;
  beforeAll(async () => {
    await requireTool('mutool', 'mupdf-tools');
    await requireTool('pdfsig', 'poppler-utils');
    await requireTool('qpdf', 'qpdf');
    input = await produce();
    output = `${input}.stamped.pdf`;
  }, 40_000);

  it('is what that producer wrote', async () => {
    const text = (await readFile(input)).toString('latin1');
    if (producerMark) expect(text).toContain(producerMark);
    if (label.startsWith('qpdf --linearize with')) {
      expect(text.slice(0, 1024)).toMatch(/\/Linearized 1/);
      expect(text).toMatch(/\/Type\s*\/ObjStm/);
    }
  });

  it('verifies in sealdesk, pdfsig (valid, trusted), qpdf --check and mutool without errors', async () => {
    const pages = /Pages: (\d+)/.exec((await mutoolProblems(input)).info)?.[1];
    await stampPdf(f.context, { input, output, sealId: seal.id, placement: { kind: 'position', page: 1, x: 100, y: 200, size: 119 } });
    const [before, after] = await Promise.all([readFile(input), readFile(output)]);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);

    const report = await verifyPdf(output, { home: f.fx.home });
    expect(report.status).toBe('valid');
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ coverage: 'whole-document', level: 'B-B', seal: { id: seal.id, name: '行政审批专用章' } });

    const verdict = await pdfsig(nss, output);
    expect(verdict.signatures).toEqual(['Signature is Valid.']);
    expect(verdict.certificates).toEqual(['Certificate is Trusted.']);

    const check = await qpdfCheck(output);
    expect(check.output).toContain('No syntax or stream encoding errors');
    expect(check.ok).toBe(true);

    const mutool = await mutoolProblems(output);
    expect(mutool.problems).toEqual([]);
    expect(pages).toMatch(/^\d+$/);
    expect(mutool.info).toContain(`Pages: ${pages}\n`);
  }, 30_000);
});
