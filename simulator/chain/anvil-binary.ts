import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * The anvil binary shipped by npm `@foundry-rs/anvil` in its per-platform package
 * (@foundry-rs/anvil-<platform>-<arch>/bin/anvil); ANVIL_BIN overrides it.
 */
export function anvilBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ANVIL_BIN) return env.ANVIL_BIN;
  const arch = ARCH[process.arch];
  const name = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`${name} is not installed: run npm install (it is an optional dependency of @foundry-rs/anvil)`);
  }
  const binary = join(packageDir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(binary)) throw new Error(`anvil binary missing at ${binary}`);
  return binary;
}
