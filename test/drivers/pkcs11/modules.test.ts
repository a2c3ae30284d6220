import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import type { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { openTokenFixture, type TokenFixture } from '../../helpers/softhsm.js';

const OPENSC = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
let fixture: TokenFixture;

beforeAll(async () => {
  fixture = await openTokenFixture(['one']);
});
afterAll(async () => fixture?.close());

function thrown(run: () => unknown): SealdeskError {
  try {
    run();
  } catch (error) {
    return error as SealdeskError;
  }
  throw new Error('expected a failure');
}

describe('PKCS#11 modules', () => {
  it('loads several modules side by side (SoftHSM and OpenSC, as a terminal with a USB key reader would)', () => {
    if (!existsSync(OPENSC)) throw new Error(`${OPENSC} missing: apt-get install opensc (scripts/setup.sh does this)`);
    const both = Pkcs11.open({ modulePaths: [fixture.hsm.modulePath, OPENSC], stateDir: fixture.home });
    try {
      expect(both.modules.map((m) => m.path)).toEqual([fixture.hsm.modulePath, OPENSC]);
      expect(both.modules[1]?.rescanByReinitialize).toBe(false);
      const slots = both.slots();
      expect(slots.filter((s) => s.module === fixture.hsm.modulePath && s.token?.label === 'one')).toHaveLength(1);
      // the token is found whichever module holds it
      expect(both.token({ label: 'one' }).module.path).toBe(fixture.hsm.modulePath);
    } finally {
      both.close();
    }
  });

  it('a missing module is MODULE_NOT_FOUND naming the path; a library that is not PKCS#11 is MODULE_LOAD_FAILED', () => {
    const missing = thrown(() => Pkcs11.open({ modulePaths: ['/opt/vendor/libmissing-pkcs11.so'], stateDir: fixture.home }));
    expect(missing.code).toBe('MODULE_NOT_FOUND');
    expect(missing.messageZh).toContain('/opt/vendor/libmissing-pkcs11.so');
    const notPkcs11 = thrown(() => Pkcs11.open({ modulePaths: ['/lib/x86_64-linux-gnu/libz.so.1'], stateDir: fixture.home }));
    expect(notPkcs11.code).toBe('MODULE_LOAD_FAILED');
  });

  it('a token asked for by slot id, slot index, label or serial is the same token', () => {
    const byLabel = fixture.pkcs11.token({ label: 'one' });
    const slot = fixture.pkcs11.slots().find((s) => s.token?.label === 'one');
    expect(fixture.pkcs11.token({ serial: byLabel.serial })).toBe(byLabel);
    expect(fixture.pkcs11.token({ slotId: slot?.slotId })).toBe(byLabel);
    expect(fixture.pkcs11.token({ slotIndex: slot?.index })).toBe(byLabel);
    expect(thrown(() => fixture.pkcs11.token({ label: 'two' })).code).toBe('TOKEN_NOT_PRESENT');
  });
});
