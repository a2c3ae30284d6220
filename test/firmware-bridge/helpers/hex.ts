/** 'AA AA 96' → bytes; golden vectors are written as protocols.md writes them. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}
