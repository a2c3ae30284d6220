import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a command line tool; stdout and stderr together, and the exit code instead of a throw. */
export async function tool(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, maxBuffer: 16 << 20 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') throw new Error(`${command} is not installed (scripts/setup.sh installs it)`);
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

/** openssl that must succeed. */
export async function openssl(args: string[], cwd: string): Promise<string> {
  const result = await tool('openssl', args, cwd);
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.output}`);
  return result.output;
}
