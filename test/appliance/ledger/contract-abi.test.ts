import { toFunctionSignature, type AbiEvent, type AbiFunction } from 'viem';
import { describe, expect, it } from 'vitest';
import { compileSealRegistry } from '../../../appliance/ledger/contract/compile-seal-registry.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';

describe('SealRegistry ABI module', () => {
  it('is exactly what solc emits for contracts/SealRegistry.sol', () => {
    const compiled = compileSealRegistry();
    expect(compiled.bytecode).toMatch(/^0x[0-9a-f]{100,}$/);
    expect(sealRegistryAbi).toEqual(compiled.abi);
  });

  it('has the licence record calls and event the licence code relies on', () => {
    const fn = (name: string) => toFunctionSignature(sealRegistryAbi.find((item) => item.type === 'function' && item.name === name) as AbiFunction);
    expect(fn('publishLicence')).toBe('publishLicence(bytes32,bytes32,bytes32,bytes32,bytes)');
    expect(fn('licenceOf')).toBe('licenceOf(bytes32)');
    const event = sealRegistryAbi.find((item) => item.type === 'event' && item.name === 'LicencePublished') as AbiEvent;
    expect(event.inputs.filter((input) => input.indexed).map((input) => input.name)).toEqual(['licenceId', 'organisation', 'sealId']);
  });
});
