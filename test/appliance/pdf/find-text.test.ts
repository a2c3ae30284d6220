/** `--at-text "盖章处"`: where the anchor is, and ANCHOR_TEXT_NOT_FOUND when it is not there. */
import { beforeAll, describe, expect, it } from 'vitest';
import { findText } from '../../../appliance/pdf/index.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chineseDocument } from './make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';

let input: string;
beforeAll(async () => {
  input = await chineseDocument(await tempDir('find-text'), 'anchor.pdf', 3, 2, '申请人盖章处：', [150, 260]);
});

describe('finding anchor text', () => {
  it('finds 盖章处 on page 2 at the place it was written', async () => {
    const hit = await findText(input, '盖章处');
    expect(hit.page).toBe(2);
    // the run starts at x 150 (20 pt glyphs), baseline y 260; the hit spans the run it is in
    expect(hit.rect[0]).toBeGreaterThanOrEqual(149);
    expect(hit.rect[1]).toBeCloseTo(260, 0);
    expect(hit.rect[2]).toBeGreaterThan(hit.rect[0] + 50);
    expect(hit.rect[3]).toBeGreaterThan(275);
  });

  it('is ANCHOR_TEXT_NOT_FOUND for text that is absent or on a page not searched', async () => {
    const absent = await findText(input, '法定代表人').catch((e: unknown) => e);
    expect(isSealdeskError(absent, 'ANCHOR_TEXT_NOT_FOUND')).toBe(true);
    expect((absent as Error).message).toContain('法定代表人');
    const elsewhere = await findText(input, '盖章处', [1, 3]).catch((e: unknown) => e);
    expect(isSealdeskError(elsewhere, 'ANCHOR_TEXT_NOT_FOUND')).toBe(true);
  });
});
