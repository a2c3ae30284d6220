import { describe, expect, it } from 'vitest';
import { newEventId } from '../../../appliance/stamping/event-id.js';

describe('seal event ids', () => {
  it('are UUIDv7: the millisecond time first, version 7, variant 10, random after (RFC 9562 §5.7)', () => {
    const now = Date.UTC(2026, 11, 7, 9, 30, 0, 123);
    const id = newEventId(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('sort by time, and differ within one millisecond', () => {
    const ids = [newEventId(1_000), newEventId(2_000), newEventId(1_000_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 5000 }, () => newEventId(42)));
    expect(same.size).toBe(5000);
  });
});
