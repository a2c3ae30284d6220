/**
 * The seal's format in the API, as the admin page shows it: /api/seals and /api/seals/:id name
 * it ('sealdesk' for a registry seal; 'gbt38540' for one with a GB/T 38540 SESeal, which the
 * OFD CLI test makes on the GM key), so an administrator sees which seals can stamp an OFD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/service.js';

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
}, 120_000);
afterAll(async () => {
  await service?.close();
});

describe('a seal’s format in /api/seals', () => {
  it('the list and the detail name each seal’s format', async () => {
    const admin = await service.signIn('admin');
    const list = await service.app.inject({ method: 'GET', url: '/api/seals', headers: admin.headers });
    expect(list.statusCode).toBe(200);
    const seals = list.json() as { id: string; format: string }[];
    expect(seals.length).toBeGreaterThan(0);
    for (const seal of seals) expect(seal.format).toBe(service.context.seals.get(seal.id).format);
    expect(seals.map((s) => s.format)).toContain('sealdesk');
    const detail = await service.app.inject({ method: 'GET', url: `/api/seals/${seals[0]!.id}`, headers: admin.headers });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ id: seals[0]!.id, format: 'sealdesk' });
  }, 120_000);
});
