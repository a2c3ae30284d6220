import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import {
  SAM_PREAMBLE,
  samCommands,
  samplePhoto,
  sampleReadTextPhotoReply,
  sampleIdentity,
  samReplies,
  sampleTextBlock,
  TEXT_FIELDS,
} from '../../../simulator/golden/sam-vectors.js';
import {
  escpos,
  sampleQrStore,
  sampleQrUrl,
  sampleRaster,
  sampleRasterCommand,
  sampleReceipt,
  sampleReceiptLines,
  statusReplies,
} from '../../../simulator/golden/escpos-vectors.js';

/** Recomputed here from protocols.md's rules, sharing no code with the vectors or the simulator. */
function samFrameFacts(frame: Buffer): { lenOk: boolean; checksumOk: boolean } {
  const len = frame.readUInt16BE(5);
  let x = 0;
  for (let i = 5; i < frame.length - 1; i++) x ^= frame[i]!;
  return { lenOk: len === frame.length - 7, checksumOk: x === frame[frame.length - 1] };
}

describe('golden SAM vectors agree with the rules they come from', () => {
  const all = { ...samCommands, ...samReplies, sampleReadTextPhotoReply };
  for (const [name, frame] of Object.entries(all)) {
    it(`${name}: preamble, LEN and XOR checksum`, () => {
      expect(frame.subarray(0, 5)).toEqual(SAM_PREAMBLE);
      expect(samFrameFacts(frame)).toEqual({ lenOk: true, checksumOk: true });
    });
  }

  it('every host command is LEN 00 03 with the documented command bytes', () => {
    const bodies = Object.values(samCommands).map((f) => f.subarray(5, 9).toString('hex'));
    expect(bodies).toEqual(['000310ff', '000311ff', '000312ff', '00032001', '00032002', '00033001', '00033003', '00033010']);
  });

  it('the text + photo reply is 1,295 bytes: LEN 1,288, lengths 256 and 1,024, then text, photo', () => {
    const r = sampleReadTextPhotoReply;
    expect(r.length).toBe(1295);
    expect(r.readUInt16BE(5)).toBe(1288);
    expect([r.readUInt16BE(10), r.readUInt16BE(12)]).toEqual([256, 1024]);
    expect(r.subarray(14, 270)).toEqual(sampleTextBlock);
    expect(r.subarray(270, 1294)).toEqual(samplePhoto);
  });

  it('the field table tiles the 256-byte text block exactly', () => {
    let next = 0;
    for (const { offset, length } of Object.values(TEXT_FIELDS)) {
      expect(offset).toBe(next);
      next = offset + length;
    }
    expect(next).toBe(256);
  });

  it('the text block decodes, field by field, to the sample identity', () => {
    for (const [name, { offset, length }] of Object.entries(TEXT_FIELDS)) {
      const value = sampleTextBlock.subarray(offset, offset + length).toString('utf16le').replace(/ +$/, '');
      expect(value).toBe(name === 'reserved' ? '' : sampleIdentity[name as keyof typeof sampleIdentity]);
    }
  });

  it('the sample ID number passes the GB 11643 check', () => {
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = w.reduce((s, wi, i) => s + wi * Number(sampleIdentity.idNumber[i]), 0);
    expect('10X98765432'[sum % 11]).toBe(sampleIdentity.idNumber[17]);
  });
});

describe('golden ESC/POS vectors agree with the rules they come from', () => {
  it('every fixed GS ( k command announces the bytes that follow pL pH', () => {
    for (const cmd of [escpos.qrModel2, escpos.qrModuleSize6, escpos.qrLevelL, escpos.qrLevelH, escpos.qrPrint]) {
      expect(cmd.subarray(0, 3)).toEqual(Buffer.from([0x1d, 0x28, 0x6b]));
      expect(cmd[3]! + 256 * cmd[4]!).toBe(cmd.length - 5);
    }
  });

  it('the QR store command carries the URL with pL + 256·pH = data length + 3', () => {
    expect(sampleQrStore[3]! + 256 * sampleQrStore[4]!).toBe(Buffer.byteLength(sampleQrUrl) + 3);
    expect(sampleQrStore.subarray(8).toString('ascii')).toBe(sampleQrUrl);
  });

  it('the raster command holds x·y data bytes', () => {
    const x = sampleRasterCommand[4]! + 256 * sampleRasterCommand[5]!;
    const y = sampleRasterCommand[6]! + 256 * sampleRasterCommand[7]!;
    expect([x, y]).toEqual([sampleRaster.widthBytes, sampleRaster.rows]);
    expect(sampleRasterCommand.length - 8).toBe(x * y);
  });

  it('the sample receipt’s GB18030 bytes hold exactly the Chinese text of its lines', () => {
    const decoded = iconv.decode(sampleReceipt, 'gb18030');
    for (const line of sampleReceiptLines) expect(decoded).toContain(`${line.text}\n`);
  });

  it('status bytes are 0x12 plus the documented bits', () => {
    expect(statusReplies.allClear).toBe(0b0001_0010);
    expect(statusReplies.printerOffline).toBe(0x12 | (1 << 3));
    expect(statusReplies.coverOpen).toBe(0x12 | (1 << 2));
    expect(statusReplies.paperEndStopped).toBe(0x12 | (1 << 5));
    expect(statusReplies.paperNearEnd).toBe(0x12 | (1 << 2) | (1 << 3));
    expect(statusReplies.paperOut).toBe(0x12 | (1 << 5) | (1 << 6));
  });
});
