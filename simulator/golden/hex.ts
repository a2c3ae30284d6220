/** Bytes from a hex string written the way protocol documents print them: `AA AA 96 69`, spaces and newlines ignored. */
export function hex(text: string): Buffer {
  const digits = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`not an even run of hex digits: ${text.slice(0, 40)}`);
  return Buffer.from(digits, 'hex');
}
