/**
 * The parsed-XML cache that makes a batch of OFD stamps fast keeps nothing a caller could change
 * and lets nothing past a budget: the same part parsed twice is the same frozen tree, and a
 * document with a lower nesting budget is still refused on the cached part.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_LIMITS, DocumentBudget } from '../../../../appliance/documents/index.js';
import { child, parseXml } from '../../../../appliance/formats/ofd/safe-xml.js';
import { failure } from '../../../helpers/failure.js';

const deep = (n: number, salt: string) => Buffer.from(`<?xml version="1.0"?>${'<a>'.repeat(n)}${salt}${'</a>'.repeat(n)}`);

describe('parsed OFD XML, kept by its bytes', () => {
  it('the same bytes give the same tree, frozen: a caller cannot change what the next stamp reads', () => {
    const part = deep(3, `x-${Math.random()}`);
    const first = parseXml(part, 'Doc_0/Document.xml', DocumentBudget.for(part.length));
    const second = parseXml(Buffer.from(part), 'Doc_0/Document.xml', DocumentBudget.for(part.length));
    expect(second).toBe(first);
    expect(Object.isFrozen(child(child(first, 'a'), 'a'))).toBe(true);
    expect(() => {
      (first as Record<string, unknown>)['a'] = 'changed';
    }).toThrow(TypeError);
  });

  it('a cached part deeper than another document\'s nestingDepth is refused for that document', async () => {
    const part = deep(20, `y-${Math.random()}`);
    expect(parseXml(part, 'p.xml', DocumentBudget.for(part.length))).toBeDefined();
    const strict = DocumentBudget.for(part.length, { ...DEFAULT_DOCUMENT_LIMITS, nestingDepth: 10 });
    const error = await failure(Promise.resolve().then(() => parseXml(part, 'p.xml', strict)));
    expect(error.code).toBe('DOCUMENT_TOO_COMPLEX');
  });
});
