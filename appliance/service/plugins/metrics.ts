import type { ServicePlugin } from '../service-plugin.js';

/** /metrics in Prometheus text format: stamps, errors by code, sign latency, outbox depth, anchor lag, event-loop delay. */
const metricsPlugin: ServicePlugin = (context) => async (app) => {
  app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => {
    if (context.ledger) context.metrics.observeLedger(context.ledger.outbox());
    return reply.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics());
  });
};
export default metricsPlugin;
