import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrorCode, registeredErrors } from '../../../appliance/service/error-catalogue.js';
import type { CatalogueEntry, ErrorCode } from '../../../firmware-bridge/errors/catalogue.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A parameter given in both languages is `{label}` in zh and `{labelEn}` in en (a template field's own label). */
const enPlaceholders = (s: string) => placeholders(s).map((p) => p!.replace(/En$/, '')).sort();

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every layer's errors.ts on disk (the browser pages' api/errors.ts is not one), and firmware-bridge's two. */
function layerErrorFiles(): string[] {
  const named = (folder: string) =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('errors.ts') && !path.startsWith('pages/') && path.split('/').pop() === 'errors.ts')
      .map((path) => join(root, folder, path));
  return [...named('appliance'), ...named('drivers'), join(root, 'firmware-bridge/errors/general.ts'), join(root, 'firmware-bridge/errors/transport.ts')];
}

describe('error catalogue', () => {
  const catalogue = Object.fromEntries(registeredErrors().map((entry) => [entry.code, entry]));

  it('holds the codes of every layer’s errors.ts, each declared by one layer only', async () => {
    const files = layerErrorFiles();
    expect(files.length).toBeGreaterThanOrEqual(20);
    const declaredBy = new Map<string, string[]>();
    for (const file of files) {
      const module = (await import(file)) as Record<string, Record<string, CatalogueEntry>>;
      const [codes, ...more] = Object.values(module);
      expect(more, `${relative(root, file)} exports one set of codes`).toEqual([]);
      for (const code of Object.keys(codes!)) declaredBy.set(code, [...(declaredBy.get(code) ?? []), relative(root, file)]);
    }
    expect([...declaredBy].filter(([, by]) => by.length > 1)).toEqual([]);
    // appliance/service/error-catalogue.ts imports every errors.ts: nothing declared is missing from it
    expect(Object.keys(catalogue).sort()).toEqual([...declaredBy.keys()].sort());
  });

  it('names each code’s layer, and a layer is a folder of the tree', () => {
    for (const entry of registeredErrors()) expect(entry.layer, entry.code).toMatch(/^(general|firmware-bridge\/transport|drivers\/[a-z0-9-]+|appliance\/[a-z0-9-]+)$/);
  });

  for (const [code, entry] of Object.entries(catalogue)) {
    it(`${code} has a status, a Chinese and an English sentence with the same parameters`, () => {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.en).toMatch(/^[A-Z{“]/);
      expect(placeholders(entry.zh)).toEqual(enPlaceholders(entry.en));
    });
  }

  it('fills parameters in both languages and serialises to the wire shape', () => {
    const error = new SealdeskError('PIN_INCORRECT', { triesLeft: 2 });
    expect(error.status).toBe(401);
    expect(error.message).toBe('Wrong PIN; 2 tries left.');
    expect(error.messageZh).toBe('口令错误，还可尝试 2 次。');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'PIN_INCORRECT',
      message_zh: '口令错误，还可尝试 2 次。',
      message_en: 'Wrong PIN; 2 tries left.',
      details: { triesLeft: 2 },
    });
  });

  it('a detail xZh fills {x} in the Chinese sentence only; without it both take x', () => {
    const both = new SealdeskError('INPUT_INVALID', { reason: 'the seal name has at most 16 characters', reasonZh: '印章名称最多 16 个字' });
    expect(both.messageZh).toBe('输入无效：印章名称最多 16 个字');
    expect(both.messageEn).toBe('The input is invalid: the seal name has at most 16 characters');
    expect(new SealdeskError('INPUT_INVALID', { reason: 'bad' }).messageZh).toBe('输入无效：bad');
  });

  it('knows its own codes and no others', () => {
    expect(isErrorCode('PIN_LOCKED')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
  });

  it('an error whose code no layer registered says so, as an internal error', () => {
    const stray = new SealdeskError('NOT_A_CODE' as ErrorCode);
    expect(stray.status).toBe(500);
    expect(stray.message).toBe("Error code NOT_A_CODE is not registered (its layer's errors.ts was not imported).");
    expect(stray.messageZh).toMatch(/未登记/);
  });
});
