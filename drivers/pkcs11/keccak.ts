import { keccak_256 } from '@noble/hashes/sha3';
import hashWasmKeccak from 'hash-wasm/dist/keccak.umd.min.js';

type Hasher = Awaited<ReturnType<typeof hashWasmKeccak.createKeccak>>;

/**
 * hash-wasm's Keccak once its WebAssembly is compiled (a few milliseconds after load); until
 * then @noble/hashes', which gives the same bytes. node:crypto has SHA3-256, not Keccak-256.
 * hash-wasm took 0.6 µs for 32 bytes and 2.3 µs for 600 where noble took 9–11 and 39–49
 * (docs/decisions.md): a whole stamp hashes its seal event, its leaf and the seal's chain id.
 * Its own keccak module, not the package's index: that one carries every algorithm's WebAssembly.
 */
let wasm: Hasher | undefined;

/** Settles once the WebAssembly hasher is in use (a failed compile leaves noble in use). */
export const keccakCompiled: Promise<void> = hashWasmKeccak.createKeccak(256).then(
  (hasher) => {
    wasm = hasher;
  },
  () => {},
);

/** Keccak-256 (Ethereum's, not SHA3-256) of `data`: a new array of 32 bytes. */
export function keccak256(data: Uint8Array): Uint8Array {
  if (wasm === undefined) return keccak_256(data);
  // one hasher for the thread: init, update and digest run together, with nothing between them
  wasm.init();
  wasm.update(data);
  return wasm.digest('binary');
}
