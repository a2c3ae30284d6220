/** What was appended after a signature, and whether DocMDP allows it (revisions made by hand, no token needed). */
import { describe, expect, it } from 'vitest';
import type { SignatureInfo } from '../../../appliance/pdf/index.js';
import { modificationsAfter } from '../../../appliance/verification/index.js';

const REVISIONS = {
  original: '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  signed: '2 0 obj\n<< /Type /Sig /Contents <3003020101> >>\nendobj\n%%EOF\n',
  dss: '1 0 obj\n<< /Type /Catalog /DSS 3 0 R >>\nendobj\n3 0 obj\n<< /Certs [] >>\nendobj\n%%EOF\n',
  page: '4 0 obj\n<< /Type /Page /Contents 5 0 R >>\nendobj\n%%EOF\n',
};

function file(...parts: Array<keyof typeof REVISIONS>): { bytes: Buffer; ends: number[] } {
  const ends: number[] = [];
  let text = '';
  for (const part of parts) {
    text += REVISIONS[part];
    ends.push(text.length);
  }
  return { bytes: Buffer.from(text, 'latin1'), ends };
}

function signature(revisionEnd: number, size: number, subFilter = 'ETSI.CAdES.detached'): SignatureInfo {
  return { fieldName: 'S', byteRange: [0, 1, 2, revisionEnd - 2], contents: Buffer.alloc(0), subFilter, signingTime: undefined, reason: undefined, name: undefined, revisionEnd, bytesAfter: size - revisionEnd };
}

describe('modificationsAfter', () => {
  it('a DSS and a later signature are allowed, under DocMDP P=2 too', () => {
    const { bytes, ends } = file('original', 'signed', 'dss', 'signed');
    const first = signature(ends[1]!, bytes.length);
    const second = signature(ends[3]!, bytes.length);
    expect(modificationsAfter(bytes, first, [first, second], 2)).toEqual({ updates: ['dss', 'signature'], allowed: true });
  });

  it('a page changed after the signature: named without DocMDP, refused under DocMDP', () => {
    const { bytes, ends } = file('original', 'signed', 'page');
    const only = signature(ends[1]!, bytes.length);
    expect(modificationsAfter(bytes, only, [only], undefined)).toEqual({ updates: ['other'], allowed: true });
    expect(modificationsAfter(bytes, only, [only], 2)).toMatchObject({ updates: ['other'], allowed: false, reason: 'DocMDP P=2: other' });
  });

  it('DocMDP P=1: a DSS and a document timestamp may follow, another signature may not', () => {
    const { bytes, ends } = file('original', 'signed', 'dss', 'signed');
    const first = signature(ends[1]!, bytes.length);
    const timestamp = signature(ends[3]!, bytes.length, 'ETSI.RFC3161');
    expect(modificationsAfter(bytes, first, [first, timestamp], 1)).toEqual({ updates: ['dss', 'document-timestamp'], allowed: true });
    const second = signature(ends[3]!, bytes.length);
    expect(modificationsAfter(bytes, first, [first, second], 1).allowed).toBe(false);
  });
});
