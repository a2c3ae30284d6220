/**
 * The error catalogue's machinery. Every failure a user can meet has a stable code, an HTTP status
 * and a sentence a clerk can act on, in zh-CN and en. Each layer declares its own codes in its
 * errors.ts with defineErrors (firmware-bridge: general.ts and transport.ts here; drivers/<kind>/errors.ts;
 * appliance/<area>/errors.ts), so a feature never edits the bottom layer; appliance/service/error-catalogue.ts
 * assembles them all for HTTP and the CLI.
 *
 * Sentences may name parameters as {name}; they are filled from the error's details.
 * They must never contain a PIN, an ID number or a name: details are for codes and counts.
 */
export interface CatalogueEntry {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

/**
 * The codes of every layer, one member per layer: each errors.ts adds its own with
 * `declare module` (TypeScript declaration merging), so `new SealdeskError('CODE')` is checked
 * everywhere while this file names no code of any layer above it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ErrorCatalogue {}

export type ErrorCode = { [Layer in keyof ErrorCatalogue]: keyof ErrorCatalogue[Layer] & string }[keyof ErrorCatalogue];

export interface RegisteredEntry extends CatalogueEntry {
  readonly code: string;
  /** The layer that declared it, e.g. 'drivers/pkcs11'. */
  readonly layer: string;
}

const registry = new Map<string, RegisteredEntry>();

/**
 * Registers a layer's codes when its errors.ts is first imported. A code belongs to one layer:
 * declaring it twice is a programming error, caught at start-up.
 */
export function defineErrors<Codes extends Record<string, CatalogueEntry>>(layer: string, codes: Codes): Codes {
  for (const [code, entry] of Object.entries(codes)) {
    const known = registry.get(code);
    if (known && known.layer !== layer) throw new Error(`error code ${code} is declared by both ${known.layer} and ${layer}`);
    registry.set(code, { code, layer, status: entry.status, zh: entry.zh, en: entry.en });
  }
  return codes;
}

/** A code's entry, once its layer's errors.ts has been imported. */
export function errorEntry(code: string): RegisteredEntry | undefined {
  return registry.get(code);
}

export function isErrorCode(value: string): value is ErrorCode {
  return registry.has(value);
}

/** Every code registered so far, in the order the layers were imported. */
export function registeredErrors(): readonly RegisteredEntry[] {
  return [...registry.values()];
}
