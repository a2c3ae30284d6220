import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Directory, type DirectoryOptions } from '../../../appliance/directory/directory.js';

/** Cheap scrypt for tests: the cost parameters are not what these tests are about. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TempDirectory {
  home: string;
  directory: Directory;
  reopen(options?: DirectoryOptions): Directory;
  remove(): void;
}

export function tempDirectory(options: DirectoryOptions = {}): TempDirectory {
  const home = mkdtempSync(join(tmpdir(), 'sealdesk-directory-'));
  const opened: Directory[] = [];
  const open = (more: DirectoryOptions = {}) => {
    const directory = Directory.open(home, { scrypt: TEST_SCRYPT, ...options, ...more });
    opened.push(directory);
    return directory;
  };
  return {
    home,
    directory: open(),
    reopen: open,
    remove() {
      for (const d of opened) d.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The error code a call throws, for `expect(codeOf(() => …)).toBe('…')`. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

export async function asyncCodeOf(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
