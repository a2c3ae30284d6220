import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from './service-context.js';

/**
 * One plugin per resource (tokens, seals, stamps, …): a function of the context returning a
 * fastify plugin whose routes carry full paths (`/api/seals/:id`, greppable), a TypeBox schema
 * for params, query, body and response (the same schema validates and documents /docs), and a
 * `config.access` rule.
 */
export type ServicePlugin = (context: ServiceContext) => FastifyPluginAsyncTypebox;
