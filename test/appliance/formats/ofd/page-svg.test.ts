/**
 * The OFD page drawn as SVG (formats/ofd/page-svg.ts), on a page written for the test over
 * helloworld.ofd: an image from the page's own resources placed by its CTM (a PNG drawn, a GIF
 * left out), a path of every AbbreviatedData command with its colours, text with DeltaY; what
 * cannot be a number never reaches the SVG.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocumentBudget } from '../../../../appliance/documents/index.js';
import { readStructure } from '../../../../appliance/formats/ofd/ofd-package.js';
import { num, pathData, renderPageSvg } from '../../../../appliance/formats/ofd/page-svg.js';
import { ZipArchive } from '../../../../appliance/formats/ofd/zip-archive.js';
import { readInterop } from '../../../helpers/interop.js';

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

  it('numbers only: NaN, Infinity and text become 0 or end the path', () => {
    expect([num(Number.NaN), num(Number.POSITIVE_INFINITY), num(1 / 3)]).toEqual(['0', '0', '0.3333']);
    expect(pathData('M 0 0 L 1e999 2 L 3 3')).toBe('M 0 0');
    expect(pathData('M 0 0 L "/><script> 1')).toBe('M 0 0');
  });
});
