import type { DocumentBudget } from '../../documents/index.js';
import { readXml, resolveLoc, type OfdStructure } from './ofd-package.js';
import { attribute, child, children, text } from './safe-xml.js';
import type { ZipArchive } from './zip-archive.js';

/** One entry of Signatures.xml. */
export interface ListedOfdSignature {
  id: string;
  type: string;
  /** Signature.xml in the package. */
  file: string;
}

/** Signatures.xml's entries, in its order (oldest first, as signers append). */
export function listOfdSignatures(archive: ZipArchive, structure: OfdStructure, budget: DocumentBudget): { listed: ListedOfdSignature[]; maxId: number } {
  const file = structure.signaturesFile;
  if (!file || !archive.has(file)) return { listed: [], maxId: 0 };
  const root = child(readXml(archive, file, budget), 'Signatures');
  const listed = children(root, 'Signature').map((s) => ({ id: attribute(s, 'ID') ?? '', type: attribute(s, 'Type') ?? 'Seal', file: resolveLoc(file, attribute(s, 'BaseLoc') ?? '') }));
  const numbers = [...listed.map((s) => s.id), text(child(root, 'MaxSignId')) ?? ''].map((id) => Number(/\d+/.exec(id)?.[0] ?? 0));
  return { listed, maxId: Math.max(0, ...numbers) };
}
