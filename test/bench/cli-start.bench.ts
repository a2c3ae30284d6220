/**
 * `sealdesk` as a command-line tool: whole processes, as a shell loop over files or a hall's
 * scripts start them, against a bare `node -e 0` in the same run (issue 14 item 5). Goals on the
 * CPU time (user + sys) of the built CLI (scripts/build-cli.ts, what bin/sealdesk.js runs after
 * setup): `--version` ≤ 1.5×, `verify FILE` of a 1-page stamped PDF ≤ 3×, `stamp` of a 1-page PDF
 * ≤ 4×; `verify` is printed beside poppler's `pdfsig FILE`, and the sources through tsx
 * (SEALDESK_DEV=1, what ran before the build) beside the build.
 *
 * Each figure is the median of 5 runs (3 for the slow tsx runs), the commands taking turns so
 * that the shared machine's load falls on all of them alike. CPU time and peak RSS are the
 * child's own, from getrusage(RUSAGE_CHILDREN) in a python3 wrapper (Node cannot wait for a
 * child's rusage); wall time is printed but not judged (on a busy machine it is mostly waiting).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../scripts/build-cli.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { SEALDESK_BIN } from '../helpers/cli.js';
import { report } from './report.js';

const RUNS = 5;
const TSX_RUNS = 3;
const SO_PIN = '3141592653';
const PIN = '2718281828';

interface Run {
  status: number;
  cpu: number;
  wall: number;
  rssMb: number;
}

// runs argv, prints "status cpu wall maxrss(kB)" of that child alone
const RUSAGE = `
import resource, subprocess, sys, time
began = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done.returncode, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss)
`;
import { median } from './median.js';

function measure(argv: string[], env: NodeJS.ProcessEnv): Run {
  const run = spawnSync('python3', ['-c', RUSAGE, ...argv], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 wrapper failed: ${run.stderr}`);
  const [status, cpu, wall, rss] = run.stdout.trim().split(' ').map(Number) as [number, number, number, number];
  return { status, cpu, wall, rssMb: rss / 1024 };
}


const home = await mkdtemp(join(tmpdir(), 'sealdesk-cli-start-bench-'));
// the built CLI, fresh (setup builds it; a bench run after an edit rebuilds it here)
await buildCli();
const env = { ...process.env, SEALDESK_HOME: home, SOFTHSM2_CONF: '', SEALDESK_PKCS11_MODULE: '', SEALDESK_PIN: PIN, SEALDESK_SO_PIN: SO_PIN };
const built = { ...env, SEALDESK_DEV: '0' };
const sources = { ...env, SEALDESK_DEV: '1' };

function sealdesk(args: string[]): string {
  const run = spawnSync(process.execPath, [SEALDESK_BIN, ...args], { env: built, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sealdesk ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

// an administrator's setup, with the CLI itself: token, dev CA, one seal; one stamped page
sealdesk(['token', 'init', '--free', '--label', 'seal-token']);
sealdesk(['token', 'init-pin', '--token', 'seal-token']);
sealdesk(['ca', 'init', '--token', 'seal-token', '--org', '基准测试局', '--crl-url', 'http://127.0.0.1:8443']);
const { id: sealId } = JSON.parse(
  sealdesk(['seal', 'create', '--token', 'seal-token', '--name', '行政审批专用章', '--type', 'business', '--org', '基准测试局', '--uscc', '11330106002489166C', '--json']),
) as { id: string };
const input = await pdfLibDocument(home, 'in.pdf', 1);
const stamped = join(home, 'stamped.pdf');
sealdesk(['stamp', input, '-o', stamped, '--seal', sealId, '--x', '100', '--y', '100']);

const node = (args: string[]) => [process.execPath, SEALDESK_BIN, ...args];
let stamps = 0;
const stampArgs = () => ['stamp', input, '-o', join(home, `out-${++stamps}.pdf`), '--seal', sealId, '--x', '100', '--y', '100'];

interface Case {
  name: string;
  argv: () => string[];
  env: NodeJS.ProcessEnv;
  runs: number;
  /** The exit status that says the command did its work (pdfsig's depends on its NSS trust). */
  status?: number;
}
const cases: Case[] = [
  { name: 'node -e 0', argv: () => [process.execPath, '-e', '0'], env, runs: RUNS, status: 0 },
  { name: 'sealdesk --version', argv: () => node(['--version']), env: built, runs: RUNS, status: 0 },
  { name: 'sealdesk --help', argv: () => node(['--help']), env: built, runs: RUNS, status: 0 },
  { name: 'sealdesk verify FILE', argv: () => node(['verify', stamped]), env: built, runs: RUNS, status: 0 },
  { name: 'sealdesk stamp FILE', argv: () => node(stampArgs()), env: built, runs: RUNS, status: 0 },
  { name: 'pdfsig FILE', argv: () => ['pdfsig', stamped], env, runs: RUNS },
  { name: 'tsx sources: sealdesk --version', argv: () => node(['--version']), env: sources, runs: TSX_RUNS, status: 0 },
  { name: 'tsx sources: sealdesk verify FILE', argv: () => node(['verify', stamped]), env: sources, runs: TSX_RUNS, status: 0 },
];

const runs = new Map<Case, Run[]>(cases.map((c) => [c, []]));
for (let round = 0; round < RUNS; round++) {
  for (const c of cases) {
    if (round >= c.runs) continue;
    const run = measure(c.argv(), c.env);
    if (c.status !== undefined && run.status !== c.status) throw new Error(`${c.name}: exit ${run.status}`);
    runs.get(c)!.push(run);
  }
}

const figures = new Map(cases.map((c) => [c.name, { cpu: median(runs.get(c)!.map((r) => r.cpu)), wall: median(runs.get(c)!.map((r) => r.wall)), rssMb: median(runs.get(c)!.map((r) => r.rssMb)), runs: c.runs }]));
const bare = figures.get('node -e 0')!;
console.log('command                              runs  CPU s   ×node  wall s  peak RSS MB  ×node');
for (const [name, f] of figures) {
  console.log(
    `${name.padEnd(36)} ${String(f.runs).padStart(4)}  ${f.cpu.toFixed(3)}  ${(f.cpu / bare.cpu).toFixed(1).padStart(5)}  ${f.wall.toFixed(3).padStart(6)}  ${f.rssMb.toFixed(0).padStart(11)}  ${(f.rssMb / bare.rssMb).toFixed(1).padStart(5)}`,
  );
}

const cpu = (name: string) => figures.get(name)!.cpu;
const peer = { name: 'node -e 0', value: bare.cpu };
report({ name: 'sealdesk --version (built), CPU', value: cpu('sealdesk --version'), unit: 's', peer, better: 'lower', goal: { max: 1.5 } });
report({ name: 'sealdesk verify FILE (built, 1-page stamped PDF), CPU', value: cpu('sealdesk verify FILE'), unit: 's', peer, better: 'lower', goal: { max: 3 } });
report({ name: 'sealdesk stamp FILE (built, 1-page PDF, SoftHSM P-256), CPU', value: cpu('sealdesk stamp FILE'), unit: 's', peer, better: 'lower', goal: { max: 4 } });
report({ name: 'sealdesk verify FILE (built), CPU', value: cpu('sealdesk verify FILE'), unit: 's', peer: { name: 'pdfsig FILE', value: cpu('pdfsig FILE') }, better: 'lower' });
report({ name: 'sealdesk --version, CPU: tsx sources', value: cpu('tsx sources: sealdesk --version'), unit: 's', peer: { name: 'built', value: cpu('sealdesk --version') }, better: 'lower' });
report({ name: 'sealdesk verify FILE, CPU: tsx sources', value: cpu('tsx sources: sealdesk verify FILE'), unit: 's', peer: { name: 'built', value: cpu('sealdesk verify FILE') }, better: 'lower' });

await rm(home, { recursive: true, force: true });
