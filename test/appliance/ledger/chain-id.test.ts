import { keccak256, stringToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';

// The registry contract keys seals, organisations and terminals by these ids: a different hash
// would make every status check miss the seal the chain registered.
describe('chainId32', () => {
  it('is viem’s keccak256(stringToHex(id)) for USCCs, seal ids, Chinese text and the empty id', () => {
    for (const id of ['11330106002489166C', 'seal-cb4eeddcf6', '杭州市西湖区行政审批服务管理局', '', 'terminal 窗口 3 / kiosk']) {
      expect(chainId32(id)).toBe(keccak256(stringToHex(id)));
    }
  });

  it('is 0x and 64 lower-case hex digits, and known for a fixed id', () => {
    expect(chainId32('')).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(chainId32('11330106002489166C')).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
