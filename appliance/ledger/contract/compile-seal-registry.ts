import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

const require = createRequire(import.meta.url);

interface Solc {
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
}
/**
 * solc-js is loaded only to compile: loading it costs ~0.5 s of CPU, and every command that
 * imports the chain's registry module (a stamp checks its seal's status through it) would pay
 * that on a cache hit or with no chain at all.
 */
const loadSolc = (): Solc => require('solc') as Solc;
export const SEAL_REGISTRY_SOURCE = fileURLToPath(new URL('../../../contracts/SealRegistry.sol', import.meta.url));
// cancun: what Besu, FISCO BCOS' EVM and anvil all run; newer opcodes would tie us to one node.
const SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } };

export interface CompiledContract {
  abi: Abi;
  bytecode: Hex;
  /** sha256 of what went into the build (source, imports, compiler, settings): the cache key. */
  sourceHash: string;
  compiler: string;
}

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

function readImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `import not found: ${path}` };
  }
}

/** SEALDESK_SOLC_CACHE, else SEALDESK_HOME/cache/solc, else the temp dir: never the repository. */
function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.SEALDESK_SOLC_CACHE) return env.SEALDESK_SOLC_CACHE;
  return env.SEALDESK_HOME ? join(env.SEALDESK_HOME, 'cache', 'solc') : join(tmpdir(), 'sealdesk-solc-cache');
}

/**
 * Compiles contracts/SealRegistry.sol with solc-js; the artifact is cached by source hash outside
 * the repository (solc-js takes seconds, the cache milliseconds). Parallel test processes may
 * race to write it: each writes a temp file and renames, so a reader never sees half a file.
 */
export function compileSealRegistry(env: NodeJS.ProcessEnv = process.env): CompiledContract {
  const source = readFileSync(SEAL_REGISTRY_SOURCE, 'utf8');
  const oz = (require('@openzeppelin/contracts/package.json') as { version: string }).version;
  // the npm package's version names the compiler build (solc-js 0.8.37 is solc 0.8.37), without loading it
  const compiler = `solc-js ${(require('solc/package.json') as { version: string }).version}`;
  const sourceHash = createHash('sha256').update(JSON.stringify([source, oz, compiler, SETTINGS])).digest('hex');
  const dir = cacheDir(env);
  const cached = join(dir, `SealRegistry-${sourceHash}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as CompiledContract;
  } catch {
    // not cached yet
  }
  const input = { language: 'Solidity', sources: { 'SealRegistry.sol': { content: source } }, settings: SETTINGS };
  const output = JSON.parse(loadSolc().compile(JSON.stringify(input), { import: readImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new SealdeskError('CONTRACT_COMPILE_FAILED', { reason: errors.map((e) => e.formattedMessage).join('\n') });
  const contract = output.contracts?.['SealRegistry.sol']?.SealRegistry;
  if (!contract) throw new SealdeskError('CONTRACT_COMPILE_FAILED', { reason: 'no SealRegistry in the output', reasonZh: '编译结果中没有 SealRegistry 合约' });
  const compiled: CompiledContract = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}`, sourceHash, compiler };
  mkdirSync(dir, { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(compiled));
  renameSync(temp, cached);
  return compiled;
}
