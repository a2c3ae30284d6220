import { lstat, stat } from 'node:fs/promises';

/**
 * Identity of a device node, or undefined when it is gone. A node re-created at the same path
 * (adapter re-plugged, pty link made again) differs even when the kernel hands out the same
 * /dev/pts number again, because the link or node itself is new (inode, change time).
 */
export async function nodeIdentity(path: string): Promise<string | undefined> {
  try {
    const [link, target] = await Promise.all([lstat(path), stat(path)]);
    return `${link.ino}:${link.ctimeMs}:${target.rdev}:${target.ino}`;
  } catch {
    return undefined;
  }
}
