/**
 * The OFD page drawn as SVG (formats/ofd/page-svg.ts), on a page written for the test over
 * helloworld.ofd: an image from the page's own resources placed by its CTM (a PNG drawn, a GIF
 * left out), a path of every AbbreviatedData command with its colours, text with DeltaY; what
 * cannot be a number never reaches the SVG. Seals stamped before: a 骑缝章's slice on its page,
 * clipped to it, and within the document's objects budget.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_LIMITS, DocumentBudget } from '../../../../appliance/documents/index.js';
import { openDocument } from '../../../../appliance/formats/index.js';
import { readStructure } from '../../../../appliance/formats/ofd/ofd-package.js';
import { num, pathData, renderPageSvg } from '../../../../appliance/formats/ofd/page-svg.js';
import { ZipArchive } from '../../../../appliance/formats/ofd/zip-archive.js';
import { readInterop } from '../../../helpers/interop.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ofdrwFile } from './interop-files.js';
import { ofdrwUserKey } from './test-signer.js';

/** VPage7.ofd (5 pages) with a 骑缝章 across all pages, stamped as the service does. */
async function crossStamped(): Promise<Buffer> {
  const dir = await tempDir('page-svg-stamps');
  const key = ofdrwUserKey(dir);
  const out = join(dir, 'cross.ofd');
  const doc = await openDocument(ofdrwFile('VPage7.ofd'));
  const placed = await doc.place({ kind: 'position', page: 1, x: 100, y: 100 }, { image: await readFile(ofdrwFile('StampImg.png')), eseal: await readFile(ofdrwFile('UserV4.esl')), crossPage: {} });
  await (await doc.prepareSignature(out, placed, { name: 't', reason: 't', signingTime: new Date('2021-06-01T08:00:00Z'), hash: 'sha256', level: { level: 'B-B' } })).sign(key.signer);
  await doc.close();
  return readFile(out);
}

function render(bytes: Buffer, page: number, objects = DEFAULT_DOCUMENT_LIMITS.objects): string {
  const budget = DocumentBudget.for(bytes.length, { ...DEFAULT_DOCUMENT_LIMITS, objects });
  const archive = ZipArchive.read(bytes, budget);
  return renderPageSvg(archive, readStructure(archive, budget), page, budget);
}

const PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:PageRes>PageRes.xml</ofd:PageRes><ofd:Content><ofd:Layer ID="2">
<ofd:ImageObject ID="5" Boundary="10 20 30 30" CTM="30 0 0 30 0 0" ResourceID="7"/>
<ofd:ImageObject ID="6" Boundary="50 20 30 30" CTM="30 0 0 30 0 0" ResourceID="8"/>
<ofd:PathObject ID="9" Boundary="5 5 100 100" LineWidth="0.5" Fill="true"><ofd:StrokeColor Value="255 0 0"/><ofd:FillColor Value="0 0 255"/>
<ofd:AbbreviatedData>S 0 0 L 10 0 Q 12 2 14 4 B 1 2 3 4 5 6 A 5 5 0 0 1 20 20 C M 1 1 L x 2</ofd:AbbreviatedData></ofd:PathObject>
<ofd:TextObject ID="10" Boundary="0 0 50 50" Size="4"><ofd:TextCode X="1" Y="4" DeltaY="5 5">竖排字</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>`;

const PAGE_RES = `<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:MultiMedias>
<ofd:MultiMedia ID="7" Type="Image"><ofd:MediaFile>seal.png</ofd:MediaFile></ofd:MultiMedia>
<ofd:MultiMedia ID="8" Type="Image" Format="GIF"><ofd:MediaFile>anim.gif</ofd:MediaFile></ofd:MultiMedia>
</ofd:MultiMedias></ofd:Res>`;

async function drawn(): Promise<string> {
  const files = unzipSync(new Uint8Array(await readInterop('ofdrw/helloworld.ofd')));
  files['Doc_0/Pages/Page_0/Content.xml'] = strToU8(PAGE);
  files['Doc_0/Pages/Page_0/PageRes.xml'] = strToU8(PAGE_RES);
  files['Doc_0/Pages/Page_0/Res/seal.png'] = new Uint8Array(await readInterop('ofdrw/StampImg.png'));
  files['Doc_0/Pages/Page_0/Res/anim.gif'] = strToU8('GIF89a not an image we draw');
  const bytes = Buffer.from(zipSync(files));
  const budget = DocumentBudget.for(bytes.length);
  const archive = ZipArchive.read(bytes, budget);
  return renderPageSvg(archive, readStructure(archive, budget), 1, budget);
}

describe('renderPageSvg', () => {
  it('draws a PNG from the page’s resources at its CTM, and leaves out a GIF', async () => {
    const svg = await drawn();
    const images = [...svg.matchAll(/<g transform="([^"]*)"><image [^>]*href="([^"]{0,40})/g)].map((m) => [m[1], m[2]]);
    expect(images).toEqual([['translate(10 20) matrix(30 0 0 30 0 0)', 'data:image/png;base64,iVBORw0KGgoAAAANSU']]);
    expect(svg).not.toContain('image/gif');
  });

  it('a path: every command, its stroke, fill and width; an unknown token ends it', async () => {
    const svg = await drawn();
    expect(svg).toContain(
      '<path transform="translate(5 5)" d="M 0 0 L 10 0 Q 12 2 14 4 C 1 2 3 4 5 6 A 5 5 0 0 1 20 20 Z M 1 1" fill="rgb(0,0,255)" stroke="rgb(255,0,0)" stroke-width="0.5"/>',
    );
  });

  it('vertical text: each character a DeltaY below the last, at the object’s size', async () => {
    expect(await drawn()).toContain('<g transform="translate(0 0)" font-size="4" font-family="sans-serif" fill="rgb(0,0,0)"><text x="1 1 1" y="4 9 14">竖排字</text></g>');
  });

  it('a 骑缝章 stamped before: page 1 holds the seal and its first slice, page 3 only its third slice, each clipped to it', async () => {
    const bytes = await crossStamped();
    const signature = strFromU8(unzipSync(new Uint8Array(bytes))['Doc_0/Signs/Sign_0/Signature.xml']!);
    // page 3 of VPage7 has the ID 43: its StampAnnot is the whole seal's box with a Clip showing slice 3 of 5
    const [, boundary, clip] = /<ofd:StampAnnot ID="\d+" PageRef="43" Boundary="([^"]+)" Clip="([^"]+)"\/>/.exec(signature)!;
    const [x, y, w, h] = boundary!.split(' ').map(Number) as [number, number, number, number];
    const [cx, cy, cw, ch] = clip!.split(' ').map(Number) as [number, number, number, number];
    const third = render(bytes, 3);
    expect(third.match(/<g class="stamp"/g)).toHaveLength(1);
    expect(third).toContain(`<clipPath id="stamp-clip-0"><rect x="${num(x + cx)}" y="${num(y + cy)}" width="${num(cw)}" height="${num(ch)}"/></clipPath><g class="stamp" clip-path="url(#stamp-clip-0)"><image x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" preserveAspectRatio="none" href="data:image/png;base64,`);
    // the visible seal (no Clip) and the first slice (clipped) on page 1
    const first = render(bytes, 1);
    expect(first.match(/<g class="stamp"/g)).toHaveLength(2);
    expect(first.match(/clip-path=/g)).toHaveLength(1);
  });

  it('each seal drawn spends from the document\'s objects: a page at its limit with a seal on it is DOCUMENT_TOO_COMPLEX', async () => {
    const bytes = await crossStamped();
    let used = 0;
    for (let objects = 1; objects < 10_000; objects++) {
      try {
        render(bytes, 3, objects);
        used = objects;
        break;
      } catch (error) {
        expect(error).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { limit: 'objects' } });
      }
    }
    // the page's own objects and the one seal slice on it: one fewer is refused
    const unsigned = render(Buffer.from(zipSync(Object.fromEntries(Object.entries(unzipSync(new Uint8Array(bytes))).filter(([name]) => !name.includes('Signs/'))))), 3, used - 1);
    expect(unsigned).not.toContain('class="stamp"');
    expect(() => render(bytes, 3, used - 1)).toThrow(expect.objectContaining({ code: 'DOCUMENT_TOO_COMPLEX' }) as Error);
  });

  it('numbers only: NaN, Infinity and text become 0 or end the path', () => {
    expect([num(Number.NaN), num(Number.POSITIVE_INFINITY), num(1 / 3)]).toEqual(['0', '0', '0.3333']);
    expect(pathData('M 0 0 L 1e999 2 L 3 3')).toBe('M 0 0');
    expect(pathData('M 0 0 L "/><script> 1')).toBe('M 0 0');
  });
});
