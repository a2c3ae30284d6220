import { readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import { Type, type Static, type TOptional, type TString } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { DEVICE_KIND_NAMES, DEVICE_KINDS, type DeviceConfigKey } from '../devices/device-kinds.js';

const ServiceSection = Type.Object(
  {
    host: Type.Optional(Type.String({ minLength: 1 })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    tls: Type.Optional(Type.Object({ cert: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
    uploadLimitBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
    sessionIdleMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    maxSessionMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    allowedHosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 260, pattern: '^[^\\s/@]+$' }), { maxItems: 32, description: 'host names (or name:port) the service answers to besides loopback' })),
    logLevel: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))),
    // documents from outside: threads, waiting jobs, one job's wall time and heap (see appliance/document-pool)
    documentPool: Type.Optional(
      Type.Object(
        {
          workers: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
          queueLimit: Type.Optional(Type.Integer({ minimum: 0 })),
          staffQueueLimit: Type.Optional(Type.Integer({ minimum: 0 })),
          timeLimitMs: Type.Optional(Type.Integer({ minimum: 100 })),
          memoryLimitMb: Type.Optional(Type.Integer({ minimum: 32 })),
        },
        { additionalProperties: false },
      ),
    ),
    // the public /api/verify, per client address
    verifyRateLimit: Type.Optional(
      Type.Object({ max: Type.Optional(Type.Integer({ minimum: 1 })), windowMs: Type.Optional(Type.Integer({ minimum: 1000 })) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

/** One key per registered device kind (appliance/devices/device-kinds.ts): a serial path or an IPP URI. */
const DevicesSection = Type.Object(
  Object.fromEntries(
    DEVICE_KIND_NAMES.map((kind) => {
      const { configKey, wire, configDescription } = DEVICE_KINDS[kind];
      return [configKey, Type.Optional(wire === 'ipp' ? Type.String({ pattern: '^ipps?://', description: configDescription }) : Type.String({ minLength: 1, description: configDescription }))];
    }),
  ) as Record<DeviceConfigKey, TOptional<TString>>,
  { additionalProperties: false },
);

/** `sealdesk serve --config FILE`: what runs where on a terminal with real hardware and a real chain. */
export const ServeConfigSchema = Type.Object(
  {
    /** Default SEALDESK_HOME; relative paths are taken from the config file's folder. */
    home: Type.Optional(Type.String({ minLength: 1 })),
    service: Type.Optional(ServiceSection),
    devices: Type.Optional(DevicesSection),
    tsaUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    verifyBaseUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    terminalId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /**
     * Tokens opened at start with SEALDESK_PIN (a kiosk's seal token, the chain key's token): the
     * service then stamps and anchors unattended. Counter tokens are not listed: clerks type their PIN.
     */
    unlockTokens: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 16 })),
  },
  { additionalProperties: false },
);
export type ServeConfig = Static<typeof ServeConfigSchema>;

/** Reads and checks the file: a typo in a key is CONFIG_INVALID naming it, never a silently ignored setting. */
export function loadServeConfig(path: string): ServeConfig & { home?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SealdeskError('CONFIG_INVALID', { reason: `${path}: ${(error as Error).message}` }, { cause: error });
  }
  const problem = Value.Errors(ServeConfigSchema, parsed).First();
  if (problem) throw new SealdeskError('CONFIG_INVALID', { reason: `${path}: ${problem.path || '/'} ${problem.message}` });
  const config = parsed as ServeConfig;
  const base = dirname(resolve(path));
  return config.home && !isAbsolute(config.home) ? { ...config, home: resolve(base, config.home) } : config;
}
