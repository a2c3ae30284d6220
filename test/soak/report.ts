import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sample } from './sampler.js';
import type { Outcome } from './sessions.js';

export interface Goal {
  name: string;
  figure: string;
  met: boolean;
}

const median = (values: number[]) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
};

/**
 * Growth over the last half of the run: the median of the three samples around the midpoint
 * against that of the last three (one sample of a garbage-collected heap says little).
 */
export function lastHalfGrowth(samples: Sample[], pick: (s: Sample) => number): { from: number; to: number; growth: number } {
  const mid = Math.floor((samples.length - 1) / 2);
  const from = median(samples.slice(Math.max(0, mid - 1), mid + 2).map(pick));
  const to = median(samples.slice(-3).map(pick));
  return { from, to, growth: (to - from) / from };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function goals(samples: Sample[], outcomes: Outcome[], leftoverTmp: number, walLimitMb: number): Goal[] {
  const result: Goal[] = [];
  for (const [name, pick] of [
    ['hall RSS', (s: Sample) => s.hallRssMb],
    ['hall fds', (s: Sample) => s.hallFds],
    ['device RSS', (s: Sample) => s.deviceRssMb],
    ['device fds', (s: Sample) => s.deviceFds],
  ] as const) {
    const g = lastHalfGrowth(samples, pick);
    result.push({ name: `${name} growth over the last half ≤ 5 %`, figure: `${g.from.toFixed(1)} → ${g.to.toFixed(1)} (${pct(g.growth)})`, met: samples.length >= 2 && g.growth <= 0.05 });
  }
  const walMax = Math.max(...samples.flatMap((s) => Object.values(s.walByDb)));
  const half = samples.slice(Math.floor(samples.length / 2));
  const walLastHalf = Math.max(...half.flatMap((s) => Object.values(s.walByDb)));
  const walFirstHalf = Math.max(...samples.slice(0, Math.floor(samples.length / 2)).flatMap((s) => Object.values(s.walByDb)), 0);
  result.push({ name: `every WAL ≤ ${walLimitMb} MiB, the last half's largest not above the first half's`, figure: `largest ${walMax.toFixed(2)} MiB (first half ${walFirstHalf.toFixed(2)}, last half ${walLastHalf.toFixed(2)})`, met: walMax <= walLimitMb && walLastHalf <= Math.max(walFirstHalf, 4.1) });
  const tmpGrowth = samples.at(-1)!.tmpEntries - samples[0]!.tmpEntries;
  const homeTemp = samples.at(-1)!.homeTempFiles;
  result.push({ name: 'zero leaked temp files', figure: `TMPDIR entries ${samples[0]!.tmpEntries} → ${samples.at(-1)!.tmpEntries}, half-written files under the home ${homeTemp}, left in TMPDIR after stop ${leftoverTmp}`, met: tmpGrowth <= 0 && homeTemp === 0 && leftoverTmp === 0 });
  const failed = outcomes.filter((o) => !o.ok);
  const faults = outcomes.filter((o) => o.fault);
  result.push({ name: 'zero failed sessions; every injected fault recovers', figure: `${failed.length} failed of ${outcomes.length}; ${faults.filter((o) => o.recovered).length}/${faults.length} faults recovered`, met: failed.length === 0 && faults.every((o) => o.recovered) });
  return result;
}

const COLUMNS: Array<[string, (s: Sample) => string]> = [
  ['sessions', (s) => String(s.sessions)],
  ['time s', (s) => String(s.elapsedS)],
  ['hall RSS MB', (s) => s.hallRssMb.toFixed(1)],
  ['hall fds', (s) => String(s.hallFds)],
  ['dev RSS MB', (s) => s.deviceRssMb.toFixed(1)],
  ['dev fds', (s) => String(s.deviceFds)],
  ['DB MB', (s) => s.dbMb.toFixed(2)],
  ['WAL MB', (s) => s.walMb.toFixed(2)],
  ['tmp', (s) => String(s.tmpEntries)],
  ['home tmp', (s) => String(s.homeTempFiles)],
  ['audit rows', (s) => String(s.auditRows)],
  ['outbox', (s) => String(s.outboxEvents)],
  ['unbatched', (s) => String(s.outboxPending)],
  ['kiosk ms', (s) => String(s.kioskMs ?? '')],
  ['counter ms', (s) => String(s.counterMs ?? '')],
];

export function table(samples: Sample[]): string {
  const rows = [COLUMNS.map(([h]) => h), ...samples.map((s) => COLUMNS.map(([, f]) => f(s)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}

export async function writeReport(dir: string, report: { options: object; samples: Sample[]; outcomes: Outcome[]; goals: Goal[] }): Promise<void> {
  await mkdir(dir, { recursive: true });
  const failures = report.outcomes.filter((o) => !o.ok || o.fault);
  await writeFile(join(dir, 'soak.json'), `${JSON.stringify({ options: report.options, goals: report.goals, samples: report.samples, faultsAndFailures: failures, sessions: report.outcomes.length }, null, 2)}\n`);
  const csv = [COLUMNS.map(([h]) => h).join(','), ...report.samples.map((s) => COLUMNS.map(([, f]) => f(s)).join(','))].join('\n');
  await writeFile(join(dir, 'soak.csv'), `${csv}\n`);
}
