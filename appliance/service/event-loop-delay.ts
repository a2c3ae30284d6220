import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Histogram, type Registry } from 'prom-client';

/** Folded once a second: each observation is the worst delay of one second of the service's life. */
const FOLD_MS = 1000;

/**
 * The main thread's event-loop delay as a Prometheus histogram (sealdesk_event_loop_delay_seconds):
 * perf_hooks' monitor samples the loop (10 ms resolution) and each second's worst delay is one
 * observation, so a stall of any length is counted in its bucket exactly, and a scrape tells
 * how many seconds since the last one saw a stall over, say, 100 ms. The part of a second not yet
 * folded is folded at each scrape, so a stall just before it is not missed.
 */
export class EventLoopDelay {
  private readonly monitor: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly timer: NodeJS.Timeout;
  readonly histogram: Histogram;

  constructor(registry: Registry) {
    const fold = () => this.fold();
    this.histogram = new Histogram({
      name: 'sealdesk_event_loop_delay_seconds',
      help: "Worst event-loop delay of the service's main thread in each second (perf_hooks monitorEventLoopDelay)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
      collect: fold,
    });
    this.monitor.enable();
    // unref'd: a service's metrics never keep a process alive
    this.timer = setInterval(fold, FOLD_MS).unref();
  }

  private fold(): void {
    // no sample yet in this interval (the monitor's count): nothing ran late, nothing to say
    if (this.monitor.count === 0) return;
    this.histogram.observe(this.monitor.max / 1e9);
    this.monitor.reset();
  }

  close(): void {
    clearInterval(this.timer);
    this.monitor.disable();
  }
}
