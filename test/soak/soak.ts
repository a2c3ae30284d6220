/**
 * `npm run soak`: weeks unattended, compressed. One hall as `npm start` runs it (a child process
 * with its own SEALDESK_HOME and TMPDIR) serves kiosk sessions and counter stamps over HTTP at
 * the same time (citizens at the kiosk one after another, the clerk at the counter likewise), with
 * a card taken off, the receipt paper out and the counter's USB key pulled every few hundred; every N sessions the hall's memory, descriptors, databases, WALs, temp files
 * and audit/outbox rows are read. At the end a table and the goals; the exit code is 1 when one is
 * missed. Not a test file (vitest never picks it up): it runs for as long as it is told to.
 *
 *   npm run soak -- --kiosk-sessions 2000 --counter-stamps 2000 --minutes 120 --sample-every 100 --out soak-report
 *   (--fault-every 250, --faults card-out,paper-out,token-pull, --wal-limit-mb 16, --keep keeps the home)
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TOKENS } from '../../appliance/hall/demo-token.js';
import { readSimState } from '../../appliance/sim/sim-state.js';
import { HallClient } from './hall-client.js';
import { startHallProcess } from './hall-process.js';
import { goals, table, writeReport } from './report.js';
import { takeSample, tmpEntries, type Sample } from './sampler.js';
import { counterStamp, kioskSession, type Outcome } from './sessions.js';
import { tokenDirOf } from './token-pull.js';

/** The soak talks to a terminal (the lint's no-console is for the product's code). */
const say = (line: string) => process.stdout.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    'kiosk-sessions': { type: 'string', default: process.env.SOAK_KIOSK_SESSIONS ?? '2000' },
    'counter-stamps': { type: 'string', default: process.env.SOAK_COUNTER_STAMPS ?? '2000' },
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '120' },
    'sample-every': { type: 'string', default: process.env.SOAK_SAMPLE_EVERY ?? '100' },
    'fault-every': { type: 'string', default: process.env.SOAK_FAULT_EVERY ?? '250' },
    'wal-limit-mb': { type: 'string', default: process.env.SOAK_WAL_LIMIT_MB ?? '16' },
    faults: { type: 'string', default: process.env.SOAK_FAULTS ?? 'card-out,paper-out,token-pull' },
    out: { type: 'string', default: process.env.SOAK_OUT ?? 'soak-report' },
    keep: { type: 'boolean', default: false },
  },
});
const number = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number`);
  return n;
};
const options = {
  kioskSessions: number('kiosk-sessions'),
  counterStamps: number('counter-stamps'),
  minutes: number('minutes'),
  sampleEvery: Math.max(1, number('sample-every')),
  faultEvery: Math.max(1, number('fault-every')),
  walLimitMb: number('wal-limit-mb'),
  faults: String(values.faults).split(',').filter(Boolean),
  out: resolve(String(values.out)),
};
const FAULTS = ['card-out', 'paper-out', 'token-pull'] as const;
const unknownFault = options.faults.find((f) => !(FAULTS as readonly string[]).includes(f));
if (unknownFault) throw new Error(`--faults takes some of ${FAULTS.join(', ')}, not ${unknownFault}`);

const root = await mkdtemp(join(tmpdir(), 'sealdesk-soak-'));
const home = join(root, 'home');
const tmp = join(root, 'tmp');
await Promise.all([home, tmp].map((d) => mkdir(d, { recursive: true })));
say(`soak: home ${home}, TMPDIR ${tmp}; starting the hall…`);
const hall = await startHallProcess(home, tmp);
let stopped = false;
const stopHall = async () => {
  if (stopped) return null;
  stopped = true;
  return hall.stop();
};
process.once('SIGINT', () => void stopHall().then(() => process.exit(130)));

const samples: Sample[] = [];
const outcomes: Outcome[] = [];
let leftoverTmp = NaN;
let stopCode: number | null = null;
try {
  const devicePid = (await readSimState(home)).pid;
  const kiosk = new HallClient(hall.url, { terminal: 'xihu-kiosk-01', credential: hall.secretOf('xihu-kiosk-01') });
  const clerk = new HallClient(hall.url, { username: 'xihu-clerk', password: hall.secretOf('xihu-clerk') });
  await Promise.all([kiosk.signIn(), clerk.signIn()]);
  const seals = await clerk.call<Array<{ id: string; name: string; key?: { tokenLabel?: string } }>>('GET', '/api/seals');
  const counterSeal = seals.body.find((s) => s.key?.tokenLabel === DEMO_TOKENS.counter.label) ?? seals.body[0];
  if (!counterSeal) throw new Error(`the clerk holds no seal: ${JSON.stringify(seals.body)}`);
  const counter = { sealId: counterSeal.id, pin: DEMO_TOKENS.counter.pin, tokenDir: await tokenDirOf(home, DEMO_TOKENS.counter.label) };
  say(`soak: hall ${hall.url} (pid ${hall.pid}, devices pid ${devicePid}); ${options.kioskSessions} kiosk sessions, ${options.counterStamps} counter stamps, at most ${options.minutes} min`);

  const startedAt = Date.now();
  const sample = () => {
    const window = outcomes.slice(samples.at(-1)?.sessions ?? 0).filter((o) => o.ok && !o.fault);
    const meanOf = (kind: Outcome['kind']) => {
      const ms = window.filter((o) => o.kind === kind).map((o) => o.ms);
      return ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : undefined;
    };
    const s = takeSample({ sessions: outcomes.length, startedAt, hallPid: hall.pid, devicePid, home, tmp });
    const [kioskMs, counterMs] = [meanOf('kiosk'), meanOf('counter')];
    if (kioskMs !== undefined) s.kioskMs = kioskMs;
    if (counterMs !== undefined) s.counterMs = counterMs;
    samples.push(s);
    const failed = outcomes.filter((o) => !o.ok).length;
    say(`soak: ${s.sessions} sessions ${s.elapsedS}s  hall ${s.hallRssMb.toFixed(0)} MB ${s.hallFds} fds  devices ${s.deviceRssMb.toFixed(0)} MB ${s.deviceFds} fds  WAL ${s.walMb.toFixed(2)} MB  tmp ${s.tmpEntries}  failed ${failed}`);
  };
  sample();
  // Each fault kind in turn, one every --fault-every sessions (counted over both sides); a fault
  // waits for the next session of the side that can suffer it.
  const faults = FAULTS.filter((f) => options.faults.includes(f));
  const pending: Array<(typeof FAULTS)[number]> = [];
  let started = 0;
  let faultTurn = 0;
  const deadline = startedAt + options.minutes * 60_000;
  const going = () => Date.now() < deadline && hall.child.exitCode === null;
  const take = <F extends (typeof FAULTS)[number]>(kinds: readonly F[]): F | undefined => {
    const n = ++started;
    if (faults.length && n % options.faultEvery === 0) pending.push(faults[faultTurn++ % faults.length]!);
    const at = pending.findIndex((f) => (kinds as readonly string[]).includes(f));
    return at < 0 ? undefined : (pending.splice(at, 1)[0] as F);
  };
  const record = (outcome: Outcome) => {
    outcomes.push(outcome);
    const n = outcomes.length;
    if (!outcome.ok) say(`soak: session ${n} (${outcome.kind}${outcome.fault ? `, ${outcome.fault}` : ''}) failed: ${outcome.error}`);
    else if (outcome.fault) say(`soak: session ${n} (${outcome.kind}) ${outcome.fault}: seen as ${outcome.faultSeen}, recovered${outcome.retries ? ` after ${outcome.retries} retries` : ''}`);
    if (n % options.sampleEvery === 0) sample();
  };
  // The kiosk and the counter work at the same time, as a hall's citizens and clerks do.
  const kioskLane = async () => {
    for (let done = 0; done < options.kioskSessions && going(); ) record(await kioskSession(home, kiosk, ++done, take(['card-out', 'paper-out'] as const)));
  };
  const counterLane = async () => {
    for (let done = 0; done < options.counterStamps && going(); ) record(await counterStamp(home, clerk, counter, ++done, take(['token-pull'] as const)));
  };
  await Promise.all([kioskLane(), counterLane()]);
  if (outcomes.length % options.sampleEvery !== 0 || samples.length < 2) sample();
  if (hall.child.exitCode !== null) say(`soak: the hall exited (${hall.child.exitCode}) mid-run:\n${hall.out().slice(-4000)}`);
} catch (error) {
  console.error(`soak: ${error instanceof Error ? error.stack : String(error)}\n${hall.out().slice(-4000)}`);
} finally {
  stopCode = await stopHall();
  say(`soak: the hall stopped (exit ${stopCode})`);
  leftoverTmp = tmpEntries(tmp);
}

const result = samples.length >= 2 && outcomes.length > 0 ? [...goals(samples, outcomes, leftoverTmp, options.walLimitMb), { name: 'the hall ran throughout and stopped cleanly', figure: `exit ${stopCode}`, met: stopCode === 0 }] : [{ name: 'the soak ran', figure: `${outcomes.length} sessions, ${samples.length} samples`, met: false }];
const kioskMs = outcomes.filter((o) => o.kind === 'kiosk' && o.ok && !o.fault).map((o) => o.ms);
const counterMs = outcomes.filter((o) => o.kind === 'counter' && o.ok && !o.fault).map((o) => o.ms);
const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : NaN);
await writeReport(options.out, { options, samples, outcomes, goals: result });
say(`\n${table(samples)}\n`);
say(`kiosk sessions ${kioskMs.length} ok (mean ${mean(kioskMs)} ms), counter stamps ${counterMs.length} ok (mean ${mean(counterMs)} ms), faults ${outcomes.filter((o) => o.fault).length}, sessions whose print waited for the shared receipt printer ${outcomes.filter((o) => o.printerWaits).length}`);
for (const goal of result) say(`${goal.met ? 'met   ' : 'MISSED'}  ${goal.name}: ${goal.figure}`);
say(`report: ${join(options.out, 'soak.json')}, ${join(options.out, 'soak.csv')}`);
if (!values.keep) await rm(root, { recursive: true, force: true });
else say(`kept: ${root}`);
process.exit(result.every((g) => g.met) ? 0 : 1);
