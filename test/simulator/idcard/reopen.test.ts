import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdCardReader, type IdCardReader } from '../../../simulator/idcard/index.js';
import { sampleIdentity, samCommands, samReplies } from '../../../simulator/golden/sam-vectors.js';
import { SamHost } from './sam-host.js';

describe('ID-card reader simulator across host re-opens', () => {
  let reader: IdCardReader;
  beforeAll(async () => {
    reader = await startIdCardReader({ identity: { ...sampleIdentity } });
  });
  afterAll(async () => {
    await reader.close();
  });

  it('keeps answering when the host closes the port and opens it again', async () => {
    for (let round = 0; round < 3; round++) {
      const host = await SamHost.open(reader.hostPath);
      expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
      await host.close();
    }
  });

  it('unplug removes the host path; replug brings a new pty at the same path that answers', async () => {
    await reader.unplug();
    expect(reader.plugged).toBe(false);
    await expect(stat(reader.hostPath)).rejects.toMatchObject({ code: 'ENOENT' });
    await reader.replug();
    expect(reader.plugged).toBe(true);
    const host = await SamHost.open(reader.hostPath);
    expect(await host.exchange(samCommands.findCard)).toEqual(samReplies.findCardOk);
    await host.close();
  });
});
