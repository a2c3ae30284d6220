/** The format-agnostic budget: limits from config.json, spending, bounded inflate (zlib and raw, as zip entries are). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_LIMITS, DocumentBudget, documentLimits, inflateBounded, loadDocumentLimits } from '../../../appliance/documents/index.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { tempDir } from '../../helpers/temp-dir.js';

function thrown(run: () => unknown): SealdeskError {
  try {
    run();
  } catch (error) {
    if (error instanceof SealdeskError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('DocumentBudget', () => {
  it('allows inflated bytes of the floor, or the ratio times the input when that is more', () => {
    const limits = documentLimits({ inflatedBytesFloor: 1_000_000, inflatedBytesRatio: 10 });
    expect(DocumentBudget.for(1000, limits).maximum('inflatedBytes')).toBe(1_000_000);
    expect(DocumentBudget.for(500_000, limits).maximum('inflatedBytes')).toBe(5_000_000);
  });

  it('spends up to the limit and refuses past it, naming the limit in both languages; allow() records nothing', () => {
    const budget = DocumentBudget.for(100, documentLimits({ revisions: 3 }));
    budget.spend('revisions', 2);
    budget.allow('revisions', 1);
    expect(budget.used('revisions')).toBe(2);
    budget.spend('revisions');
    const error = thrown(() => budget.spend('revisions'));
    expect(error.code).toBe('DOCUMENT_TOO_COMPLEX');
    expect(error.status).toBe(422);
    expect(error.details).toMatchObject({ limit: 'revisions', maximum: 3, value: 4 });
    expect(error.messageEn).toBe(
      'The document is too complex to open safely: its number of revisions (cross-reference sections) exceeds the limit of 3 (documents.limits.revisions). Ask for a normally exported copy.',
    );
    expect(error.messageZh).toContain('修订版本（交叉引用段）数量超出上限 3');
    expect(budget.used('revisions')).toBe(3);
  });

  it('holds one item to an item limit', () => {
    const budget = DocumentBudget.for(100);
    budget.within('nestingDepth', DEFAULT_DOCUMENT_LIMITS.nestingDepth);
    expect(thrown(() => budget.within('nestingDepth', DEFAULT_DOCUMENT_LIMITS.nestingDepth + 1)).details.limit).toBe('nestingDepth');
  });
});

describe('inflateBounded', () => {
  const limits = documentLimits({ inflatedBytesPerStream: 100_000, inflatedBytesFloor: 150_000 });

  it('inflates zlib and raw deflate within the budget and spends what it made', () => {
    const budget = DocumentBudget.for(10, limits);
    expect(inflateBounded(deflateSync(Buffer.alloc(90_000, 7)), budget)).toEqual(Buffer.alloc(90_000, 7));
    expect(inflateBounded(deflateRawSync(Buffer.alloc(50_000, 1)), budget, { raw: true }).length).toBe(50_000);
    expect(budget.used('inflatedBytes')).toBe(140_000);
  });

  it('refuses a stream past the per-stream limit, then the document past its own', () => {
    const budget = DocumentBudget.for(10, limits);
    expect(thrown(() => inflateBounded(deflateSync(Buffer.alloc(100_001)), budget)).details.limit).toBe('inflatedBytesPerStream');
    inflateBounded(deflateSync(Buffer.alloc(100_000)), budget);
    expect(thrown(() => inflateBounded(deflateSync(Buffer.alloc(60_000)), budget)).details.limit).toBe('inflatedBytes');
  });
});

describe('documents.limits in config.json', () => {
  it('overrides the defaults it names and keeps the others', async () => {
    const home = await tempDir('limits');
    expect(loadDocumentLimits(home)).toEqual(DEFAULT_DOCUMENT_LIMITS);
    await writeFile(join(home, 'config.json'), JSON.stringify({ documents: { limits: { pages: 10, signatureFields: 5 } } }));
    expect(loadDocumentLimits(home)).toEqual({ ...DEFAULT_DOCUMENT_LIMITS, pages: 10, signatureFields: 5 });
  });

  it('an unknown key, a wrong type or a value below the minimum: CONFIG_INVALID naming it', async () => {
    const home = await tempDir('limits-bad');
    for (const [section, named] of [
      [{ limits: { page: 10 } }, 'page'],
      [{ limits: { pages: 'ten' } }, '/pages'],
      [{ limits: { nestingDepth: 2 } }, '/nestingDepth'],
      [{ limit: {} }, 'limits'],
    ] as const) {
      await writeFile(join(home, 'config.json'), JSON.stringify({ documents: section }));
      const error = thrown(() => loadDocumentLimits(home));
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain(named);
    }
  });
});
