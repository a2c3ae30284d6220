// The parts of a SignerInfo that are the same on every signature of a seal (its issuer and
// serial, its algorithms, its signing-certificate-v2 attribute) are parsed once and kept by
// their DER, like the certificates (certificates.ts): pkijs takes ~0.5 ms to parse them, and a
// terminal verifies documents of the same few seals all day. Kept objects are read, never changed.
const CACHE_SIZE = 256;
// larger parts (an archived-revocation attribute holding CRLs) are parsed each time, not kept
const LARGEST = 4096;
const cache = new Map<string, unknown>();

export function parsedPart<T>(kind: string, der: Buffer, parse: (der: Buffer) => T): T {
  if (der.length > LARGEST) return parse(der);
  const key = `${kind} ${der.toString('base64')}`;
  if (cache.has(key)) return cache.get(key) as T;
  // parsed from a copy: asn1js keeps views into its input, which may be a whole PDF
  const parsed = parse(Buffer.from(der));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, parsed);
  return parsed;
}
