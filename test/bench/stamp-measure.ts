/**
 * The 1-page stamp measurement both stamp benches make (stamp.bench.ts on SoftHSM P-256,
 * sm2-stamp.bench.ts on the simulated GM key): stampPdf one document after another, the time
 * its fsyncs wait (taken off exactly: nothing else runs while a flush is awaited), the key's own
 * signature on its own, and poppler's `pdfsig -add-signature` on the same input as the peer.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { stampPdf, type StampContext } from '../../appliance/stamping/index.js';
import { report } from './report.js';

export const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

let fsyncNs = 0n;
let fsyncTimed = false;

/** From here on, the time between each fs.fsync call and its callback is summed (fsyncWaitNs). */
function timeFsync(): void {
  if (fsyncTimed) return;
  fsyncTimed = true;
  const fsync = fs.fsync;
  fs.fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    const began = process.hrtime.bigint();
    fsync(fd, (error) => {
      fsyncNs += process.hrtime.bigint() - began;
      callback(error);
    });
  }) as typeof fs.fsync;
  syncBuiltinESMExports();
}

export interface StampFigures {
  /** stampPdf docs/s, one after another. */
  stampRate: number;
  /** ms per document waiting for its fsyncs. */
  flushMs: number;
  /** ms per raw signature of the seal's key, alone. */
  signMs: number;
}

export interface StampMeasure {
  context: StampContext;
  input: string;
  output: string;
  sealId: string;
  docs: number;
  /** Stamps before timing: the appliance is long-running, its steady state is what counts. */
  warmUp: number;
  /** One signature by the seal's key with nothing around it (the token's own cost). */
  sign: () => Promise<unknown>;
  signs: number;
}

export async function measureStamps(m: StampMeasure): Promise<StampFigures> {
  const placement = { kind: 'position', page: 1, x: 100, y: 100 } as const;
  for (let i = 0; i < m.warmUp; i++) await stampPdf(m.context, { input: m.input, output: join(m.output, `warm-${i}.pdf`), sealId: m.sealId, placement });
  timeFsync();
  const flushedBefore = fsyncNs;
  let start = process.hrtime.bigint();
  for (let i = 0; i < m.docs; i++) await stampPdf(m.context, { input: m.input, output: join(m.output, `out-${i}.pdf`), sealId: m.sealId, placement });
  const stampRate = m.docs / seconds(start);
  const flushMs = Number(fsyncNs - flushedBefore) / 1e6 / m.docs;
  start = process.hrtime.bigint();
  for (let i = 0; i < m.signs; i++) await m.sign();
  const signMs = (seconds(start) * 1000) / m.signs;
  return { stampRate, flushMs, signMs };
}

/** pdfsig signing `input` with an RSA-2048 key in a fresh NSS db (it cannot sign with EC or SM2 keys): docs/s, and the db. */
export async function pdfsigSignRate(home: string, input: string, docs: number): Promise<{ rate: number; nss: string }> {
  const nssDir = join(home, 'nss');
  await mkdir(nssDir);
  const nss = `sql:${nssDir}`;
  await writeFile(join(home, 'noise'), randomBytes(64));
  execFileSync('certutil', ['-N', '-d', nss, '--empty-password']);
  execFileSync('certutil', ['-S', '-k', 'rsa', '-g', '2048', '-x', '-n', 'peer', '-s', 'CN=peer', '-t', 'CT,C,C', '-d', nss, '-z', join(home, 'noise')], { stdio: 'ignore' });
  const start = process.hrtime.bigint();
  for (let i = 0; i < docs; i++) execFileSync('pdfsig', ['-add-signature', '-nssdir', nss, '-nick', 'peer', input, join(home, `peer-${i}.pdf`)], { stdio: 'ignore' });
  return { rate: docs / seconds(start), nss };
}

/** The two goals of a 1-page stamp: ≥ 5× pdfsig docs/s, and ≤ 2 ms above the key's own signature, fsyncs apart. */
export function reportStampGoals(what: string, f: StampFigures, peerRate: number): boolean {
  let ok = report({
    name: `1-page stamp, ${what} (stampPdf, one after another)`,
    value: f.stampRate,
    unit: 'docs/s',
    peer: { name: 'pdfsig -add-signature (RSA-2048, NSS)', value: peerRate },
    better: 'higher',
    goal: { min: 5 },
  });
  report({
    name: `${what}: time per stamp above the raw key signature, all of it (one after another)`,
    value: 1000 / f.stampRate - f.signMs,
    unit: 'ms/doc',
    peer: { name: `raw signature ${f.signMs.toFixed(2)} ms; of this, the two fsyncs`, value: f.flushMs },
    better: 'lower',
  });
  ok =
    report({
      name: `${what}: time per stamp above the raw key signature and the disk's flushes (one after another)`,
      value: 1000 / f.stampRate - f.signMs - f.flushMs,
      unit: 'ms/doc',
      peer: { name: 'budget', value: 2 },
      better: 'lower',
      goal: { max: 1 },
    }) && ok;
  return ok;
}
