import type { RegisteredRoute } from '../../../../appliance/service/access/route-access.js';
import { multipart } from './multipart.js';

/**
 * A request for any registered route, built from the route's OpenAPI description (the same
 * TypeBox schemas fastify validates with) and a set of sample values: real ids of resources
 * within the caller's organisation, so a request an access rule lets through also gets past the
 * route's own scope checks. A route nobody has seen before gets its path parameters, required
 * query parameters and JSON body from its schema; what cannot be built is a `problem` naming the
 * part, never a silently skipped route.
 */

/** The subset of JSON schema (as @fastify/swagger writes it) the builder reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  minItems?: number;
  nullable?: boolean;
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation | undefined> | undefined>;
}

/** Sample values for one caller: ids of things within their organisation, and what a body needs. */
export interface RouteSamples {
  sealId: string;
  /** The seal `POST /api/seals/:id/revoke` may revoke for good. */
  revokableSealId: string;
  organisationId: string;
  organisationName: string;
  organisationUscc: string;
  /** An operator of the organisation who is not the caller: a kiosk, so role, credential and grant changes stay harmless. */
  operatorId: string;
  stampId: string;
  eventId: string;
  /** The caller's own upload (clerks and kiosks), or someone's. */
  documentId: string;
  /** SHA-256 (hex) of a stamped document of the organisation. */
  documentHash: string;
  /** A certificate template the terminal offers. */
  templateId: string;
  /** The shared seal token: the organisation's seals are on it, but it belongs to the district above. */
  tokenSerial: string;
  /** A token that belongs to the organisation itself (its admins and auditors administer it). */
  ownTokenSerial: string;
  pin: string;
  /** An account `POST /api/session` signs in with. */
  signIn: { username: string; password: string };
  pdf: Buffer;
}

export interface RouteRequest {
  method: string;
  url: string;
  payload?: string | Buffer | Record<string, unknown> | unknown[];
  headers: Record<string, string>;
}

export type BuiltRequest = { request: RouteRequest } | { problem: string };

export const routeKey = (route: Pick<RegisteredRoute, 'method' | 'url'>): string => `${route.method} ${route.url}`;

/** `/api/seals/:id/grants/:operatorId` → `/api/seals/{id}/grants/{operatorId}`, `/api/verify/code/*` → `/api/verify/code/{*}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
}

/** The route's parameters in path order: `:name` segments and a trailing wildcard (`*`). */
export function pathParameters(url: string): string[] {
  return url.split('/').flatMap((segment) => (segment.startsWith(':') ? [segment.slice(1)] : segment === '*' ? ['*'] : []));
}

let unique = 0;

/** What a resource's `:id` is, from the path segment before it. */
const ID_OF_RESOURCE: Record<string, keyof RouteSamples> = {
  seals: 'sealId',
  operators: 'operatorId',
  organisations: 'organisationId',
  stamps: 'stampId',
  events: 'eventId',
  documents: 'documentId',
  templates: 'templateId',
};

/** Values by parameter or field name, wherever it appears (path, query, body). */
function valueByName(name: string, s: RouteSamples): unknown {
  switch (name) {
    case 'sealId':
      return s.sealId;
    case 'operatorId':
      return s.operatorId;
    case 'organisationId':
    case 'parentId':
      return s.organisationId;
    case 'stampId':
      return s.stampId;
    case 'eventId':
      return s.eventId;
    case 'documentId':
      return s.documentId;
    case 'documentHash':
    case 'sha256':
    case 'hash':
      return s.documentHash;
    case 'templateId':
      return s.templateId;
    case 'serial':
    case 'tokenSerial':
      return s.tokenSerial;
    case 'pin':
      return s.pin;
    case 'reason':
      return '访问矩阵测试 / access matrix test';
    case 'username':
      return `matrix-${++unique}-${Date.now().toString(36)}`;
    case 'displayName':
    case 'name':
      return '访问矩阵测试';
    case 'password':
      return 'Matrix-pass-2026';
    // a kiosk needs no password and changes nothing for anyone when it is created or re-roled
    case 'role':
      return 'kiosk';
    case 'level':
      return 'department';
    default:
      return undefined;
  }
}

/** Optional body fields worth sending although not required: without them the handler stops early. */
const OPTIONAL_BY_NAME = new Set(['pin']);

function stringCandidates(s: RouteSamples): string[] {
  return [
    s.sealId,
    s.organisationId,
    s.operatorId,
    s.stampId,
    s.eventId,
    s.documentId,
    s.tokenSerial,
    s.documentHash,
    s.templateId,
    'sample',
    'sample-1',
    '2026-01-01',
    '00000000-0000-4000-8000-000000000000',
    '0000000000000',
    `0x${'0'.repeat(64)}`,
    `0x${'0'.repeat(40)}`,
    '0'.repeat(32),
    'A',
    '1',
  ];
}

function fits(value: string, schema: JsonSchema): boolean {
  if (schema.minLength !== undefined && [...value].length < schema.minLength) return false;
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return false;
  return true;
}

class Unbuildable extends Error {}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/** A value the schema accepts, preferring the sample of that name; Unbuildable when none is found. */
function generate(schema: JsonSchema, name: string, where: string, s: RouteSamples, preferred?: unknown): unknown {
  if (schema.const !== undefined) return schema.const;
  const named = preferred ?? valueByName(name, s);
  if (schema.enum) {
    if (named !== undefined && schema.enum.includes(named)) return named;
    const first = schema.enum.find((v) => v !== null);
    if (first === undefined) throw new Unbuildable(`${where}: an enum without a value`);
    return first;
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    // the branch that takes the named sample, else the first that can be built (null only as a last resort)
    const ordered = [...branches].sort((a, b) => Number(typesOf(a).includes('null') || a.nullable === true) - Number(typesOf(b).includes('null') || b.nullable === true));
    const problems: string[] = [];
    if (named !== undefined) {
      for (const branch of ordered) {
        if (branch.const === named || branch.enum?.includes(named)) return named;
      }
    }
    for (const branch of ordered) {
      try {
        return generate(branch, name, where, s, preferred);
      } catch (error) {
        if (!(error instanceof Unbuildable)) throw error;
        problems.push(error.message);
      }
    }
    throw new Unbuildable(`${where}: no branch of the union can be built (${problems.join('; ')})`);
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => generate(part, name, where, s, preferred) as Record<string, unknown>));
  }
  const types = typesOf(schema);
  const type = types.find((t) => t !== 'null') ?? (types.includes('null') ? 'null' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (!schema.required?.includes(key) && !OPTIONAL_BY_NAME.has(key)) continue;
        out[key] = generate(property, key, `${where}.${key}`, s);
      }
      return out;
    }
    case 'array': {
      const item = schema.items ?? {};
      return Array.from({ length: schema.minItems ?? 0 }, (_, i) => generate(item, name, `${where}[${i}]`, s));
    }
    case 'string': {
      if (typeof named === 'string' && fits(named, schema)) return named;
      if (typeof schema.default === 'string') return schema.default;
      const byFormat: Record<string, string> = { 'date-time': new Date().toISOString(), date: '2026-01-01', uri: 'https://verify.hall.example.cn/v', email: 'matrix@example.cn', uuid: '00000000-0000-4000-8000-000000000000' };
      const formatted = schema.format ? byFormat[schema.format] : undefined;
      if (formatted !== undefined) return formatted;
      const padded = 'sample'.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? Infinity);
      const found = [...(schema.pattern === undefined ? [padded] : []), ...stringCandidates(s), padded].find((candidate) => fits(candidate, schema));
      if (found === undefined) throw new Unbuildable(`${where}: no sample string matches ${schema.pattern ? `/${schema.pattern}/` : JSON.stringify(schema)}`);
      return found;
    }
    case 'integer':
    case 'number': {
      if (typeof named === 'number') return named;
      if (typeof schema.default === 'number') return schema.default;
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      return schema.maximum !== undefined ? Math.min(low, schema.maximum) : low;
    }
    case 'boolean':
      return typeof schema.default === 'boolean' ? schema.default : false;
    case 'null':
      return null;
    default:
      // {} accepts anything: an empty object is the smallest JSON body of that kind
      if (types.length === 0 && !schema.pattern) return named ?? {};
      throw new Unbuildable(`${where}: cannot make a value of type ${JSON.stringify(schema.type)}`);
  }
}

/** Per-route samples where the schema alone would not give a request that gets through (or would do harm). */
interface KnownRequest {
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  /** A multipart upload of the sample PDF (field "file"): the schema of such a route has no body. */
  pdfUpload?: true;
}

function knownRequests(s: RouteSamples): Record<string, KnownRequest> {
  return {
    'POST /api/session': { body: { username: s.signIn.username, password: s.signIn.password } },
    'POST /api/documents': { pdfUpload: true },
    'POST /api/verify': { pdfUpload: true },
    'GET /api/verify/code/*': { params: { '*': 'https://verify.hall.example.cn/v?doc=0000&event=00000000-0000-4000-8000-000000000000' } },
    // past the organisation check, then no such token: no key made, no seal registered
    'POST /api/seals': { body: { tokenSerial: 'no-such-token', name: '访问矩阵测试章', type: 'contract', organisation: { name: s.organisationName, uscc: s.organisationUscc } } },
    'POST /api/seals/:id/revoke': { params: { id: s.revokableSealId } },
    // keep the organisation's name: other tests of the file see the same tree
    'PATCH /api/organisations/:id': { body: { name: s.organisationName } },
    // token administration: no such slot or token, so the shared token is never re-initialised, re-PINned or locked
    'POST /api/tokens/slots/:slotId/init': { params: { slotId: '999999' }, body: { label: 'matrix', soPin: 'matrix-so', pin: 'matrix-pin' } },
    'POST /api/tokens/:serial/init-pin': { params: { serial: 'no-such-token' }, body: { soPin: 'matrix-so', newPin: 'matrix-pin' } },
    'POST /api/tokens/:serial/unblock': { params: { serial: 'no-such-token' }, body: { soPin: 'matrix-so', newPin: 'matrix-pin' } },
    'POST /api/tokens/:serial/change-pin': { params: { serial: 'no-such-token' }, body: { pin: 'matrix-old', newPin: 'matrix-pin' } },
    'POST /api/tokens/:serial/keys': { params: { serial: 'no-such-token' }, body: { type: 'ec-p256', label: 'matrix-key', pin: 'matrix-pin' } },
    'POST /api/tokens/:serial/claim': { params: { serial: 'no-such-token' }, body: {} },
    // the organisation's own token: the shared one is the district's, outside a department's reach
    'GET /api/tokens/:serial/keys': { params: { serial: s.ownTokenSerial } },
    // a terminal no desk registered: past the access rule, then TERMINAL_NOT_REGISTERED, nothing sent to a chain
    'PUT /api/terminals/:address/grants/:sealId': { params: { address: `0x${'0'.repeat(40)}` } },
    'DELETE /api/terminals/:address/grants/:sealId': { params: { address: `0x${'0'.repeat(40)}` } },
  };
}

/** Builds the request `route` gets for a caller with these samples and headers. */
export function buildRouteRequest(route: RegisteredRoute, openapi: OpenApiDocument, s: RouteSamples, headers: Record<string, string>): BuiltRequest {
  const key = routeKey(route);
  const known = knownRequests(s)[key] ?? {};
  const operation = openapi.paths?.[openApiPath(route.url)]?.[route.method.toLowerCase()];
  const parameters = operation?.parameters ?? [];
  try {
    const segments = route.url.split('/');
    let url = segments
      .map((segment, index) => {
        const name = segment.startsWith(':') ? segment.slice(1) : segment === '*' ? '*' : undefined;
        if (name === undefined) return segment;
        const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? {};
        const byResource = name === 'id' ? ID_OF_RESOURCE[segments[index - 1] ?? ''] : undefined;
        const preferred = known.params?.[name] ?? (byResource ? s[byResource] : undefined);
        const value = generate({ type: 'string', ...schema }, name, `path parameter ${name}`, s, preferred);
        if (typeof value !== 'string') throw new Unbuildable(`path parameter ${name}: not a string`);
        return name === '*' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
      })
      .join('/');
    const query = new URLSearchParams();
    for (const p of parameters) {
      if (p.in !== 'query' || !p.required) continue;
      query.set(p.name, String(generate(p.schema ?? { type: 'string' }, p.name, `query parameter ${p.name}`, s)));
    }
    if ([...query.keys()].length) url += `?${query}`;
    const requestHeaders: Record<string, string> = { ...headers };
    for (const p of parameters) {
      if (p.in !== 'header' || !p.required) continue;
      requestHeaders[p.name] = String(generate(p.schema ?? { type: 'string' }, p.name, `header ${p.name}`, s));
    }
    if (known.pdfUpload) {
      const upload = multipart('访问矩阵.pdf', s.pdf);
      return { request: { method: route.method, url, payload: upload.payload, headers: { ...requestHeaders, ...upload.headers } } };
    }
    if (known.body) return { request: { method: route.method, url, payload: known.body, headers: requestHeaders } };
    const content = operation?.requestBody?.content;
    if (!content) return { request: { method: route.method, url, headers: requestHeaders } };
    const json = content['application/json'];
    if (!json) throw new Unbuildable(`the body is ${Object.keys(content).join(', ')}: only JSON bodies are built from the schema`);
    const body = generate(json.schema ?? {}, 'body', 'body', s);
    if (typeof body !== 'object' || body === null) throw new Unbuildable('body: not a JSON object or array');
    return { request: { method: route.method, url, payload: body as Record<string, unknown>, headers: requestHeaders } };
  } catch (error) {
    if (error instanceof Unbuildable) return { problem: `${key}: cannot build a request (${error.message}); add it to knownRequests() in test/appliance/service/helpers/route-samples.ts` };
    throw error;
  }
}
