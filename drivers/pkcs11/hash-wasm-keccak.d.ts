// hash-wasm's single-algorithm build (UMD, so Node gives it to ESM as a default export) has no
// declarations of its own; its API is the package index's createKeccak (dist/lib/keccak.d.ts).
declare module 'hash-wasm/dist/keccak.umd.min.js' {
  import type { createKeccak } from 'hash-wasm';
  const keccak: { createKeccak: typeof createKeccak };
  export default keccak;
}
