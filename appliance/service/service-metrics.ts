import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventLoopDelay } from './event-loop-delay.js';

/**
 * The service's Prometheus metrics, on a registry of its own (not prom-client's global one) so
 * two services in one process (tests) count apart.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly stamps = new Counter({ name: 'sealdesk_stamps_total', help: 'Stamps by outcome', labelNames: ['outcome'], registers: [this.registry] });
  readonly errors = new Counter({ name: 'sealdesk_errors_total', help: 'Error responses by code', labelNames: ['code'], registers: [this.registry] });
  readonly signSeconds = new Histogram({
    name: 'sealdesk_sign_seconds',
    help: 'Time of a whole stamp (hash, place, sign on the token, write)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly outboxDepth = new Gauge({ name: 'sealdesk_outbox_depth', help: 'Seal events not yet anchored', registers: [this.registry] });
  readonly anchorLagSeconds = new Gauge({ name: 'sealdesk_anchor_lag_seconds', help: 'Age of the oldest event not yet anchored', registers: [this.registry] });
  readonly eventLoopDelay = new EventLoopDelay(this.registry);

  /** Reads the ledger's gauges just before a scrape (gauges of state, not of events). */
  observeLedger(outbox: { waiting: number; oldestWaitingMs: number | null }): void {
    this.outboxDepth.set(outbox.waiting);
    this.anchorLagSeconds.set(outbox.oldestWaitingMs === null ? 0 : outbox.oldestWaitingMs / 1000);
  }

  /** Stops watching the event loop (the service's context is closing). */
  close(): void {
    this.eventLoopDelay.close();
  }
}
