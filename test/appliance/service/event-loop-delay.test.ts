/**
 * The event-loop delay histogram (sealdesk_event_loop_delay_seconds): a stall of the main thread
 * is counted in the bucket of its length, and a quiet second in a small one.
 */
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLoopDelay } from '../../../appliance/service/event-loop-delay.js';

let delay: EventLoopDelay | undefined;
afterEach(() => delay?.close());

const buckets = async (registry: Registry) => {
  const text = await registry.metrics();
  return new Map([...text.matchAll(/^sealdesk_event_loop_delay_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
};

/** Holds the thread, as a synchronous render or a parse of a big file would. */
function holdThread(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs
  }
}

describe('event-loop delay', () => {
  it('a 300 ms stall is counted above 250 ms; the scrape folds the second it happened in', async () => {
    const registry = new Registry();
    delay = new EventLoopDelay(registry);
    await new Promise((r) => setTimeout(r, 50));
    holdThread(300);
    await new Promise((r) => setTimeout(r, 30));
    const counted = await buckets(registry);
    expect(await registry.metrics()).toContain('# TYPE sealdesk_event_loop_delay_seconds histogram');
    expect(counted.get('+Inf')).toBeGreaterThanOrEqual(1);
    // the stall is the worst of its second: above 0.25 s, at most 0.5 s
    expect(counted.get('+Inf')! - counted.get('0.25')!).toBe(1);
  });
});
