import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { anvilBinary } from './anvil-binary.js';

export interface AnvilOptions {
  /** Where the chain state is kept (state.json); a restart with the same dir keeps the chain. */
  dir: string;
  /** 0 (default): an ephemeral port picked by the OS. */
  port?: number;
  chainId?: number;
  /** Seconds between blocks; default: a block per transaction (automine). */
  blockTime?: number;
  /**
   * With blockTime: a transaction is still mined at once, and a block comes every blockTime
   * seconds besides, as on a chain that moves on by itself (what was decided becomes final).
   */
  mixedMining?: boolean;
  startTimeoutMs?: number;
}

export interface Anvil {
  readonly rpcUrl: string;
  readonly port: number;
  readonly pid: number;
  readonly statePath: string;
  /** A raw JSON-RPC call, for test set-up (anvil_setBalance, anvil_mine, evm_snapshot). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Gives an address gas money (anvil_setBalance). */
  fund(address: string, wei?: bigint): Promise<void>;
  /** SIGTERM: anvil writes its state file, then exits. */
  stop(): Promise<void>;
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`anvil did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on [\d.]+:(\d+)/.exec(output);
      if (match) {
        cleanup();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null) => fail(new Error(`anvil exited with ${code} before listening:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    const fail = (error: Error) => {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', onExit);
  });
}

function rpcCaller(rpcUrl: string): Anvil['rpc'] {
  let id = 0;
  return async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };
}

/**
 * An anvil another process started (a demo hall's appliances share one chain): the same calls,
 * and stop() leaves it running, since it is its starter's to stop.
 */
export function attachAnvil(rpcUrl: string): Anvil {
  const rpc = rpcCaller(rpcUrl);
  return {
    rpcUrl,
    port: Number(new URL(rpcUrl).port),
    pid: -1,
    statePath: '',
    rpc,
    async fund(address, wei = 10n ** 21n) {
      await rpc('anvil_setBalance', [address, `0x${wei.toString(16)}`]);
    },
    async stop() {},
  };
}

/**
 * Starts anvil (a real EVM JSON-RPC node) on loopback. `--state` loads the file at start and
 * writes it at exit, so stop() then startAnvil() with the same dir continues the same chain.
 */
export async function startAnvil(options: AnvilOptions): Promise<Anvil> {
  await mkdir(options.dir, { recursive: true });
  const statePath = join(options.dir, 'state.json');
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0), '--state', statePath, '--chain-id', String(options.chainId ?? 31337)];
  if (options.blockTime) args.push('--block-time', String(options.blockTime));
  if (options.blockTime && options.mixedMining) args.push('--mixed-mining');
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForListening(child, options.startTimeoutMs ?? 15_000);
  // Keep draining output so anvil never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const rpc = rpcCaller(rpcUrl);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    rpcUrl,
    port,
    pid: child.pid ?? -1,
    statePath,
    rpc,
    async fund(address, wei = 10n ** 21n) {
      await rpc('anvil_setBalance', [address, `0x${wei.toString(16)}`]);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
