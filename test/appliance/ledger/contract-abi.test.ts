import { describe, expect, it } from 'vitest';
import { compileSealRegistry } from '../../../appliance/ledger/contract/compile-seal-registry.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';

describe('SealRegistry ABI module', () => {
  it('is exactly what solc emits for contracts/SealRegistry.sol', () => {
    const compiled = compileSealRegistry();
    expect(compiled.bytecode).toMatch(/^0x[0-9a-f]{100,}$/);
    expect(sealRegistryAbi).toEqual(compiled.abi);
  });
});
