/**
 * Issue 19's process test: a sample of the fuzz corpus (its bombs included) sent to the running
 * service — anonymously to /api/verify, and as a clerk uploaded and stamped, at a position and
 * across pages — and afterwards the service still stamps and verifies a normal file, and nothing
 * is left in its work dir but the documents it keeps and the stamps it made.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { USER_PIN } from '../helpers/softhsm.js';
import { tempDir } from '../helpers/temp-dir.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { multipart } from '../appliance/service/helpers/multipart.js';
import { makeCorpus } from './corpus.js';

const REQUEST_LIMIT_MS = 20_000;
/** Past this the service is ended (and the test fails): a shared test machine must not be swapped out by a bomb. */
const RESIDENT_LIMIT_MB = 6144;

interface Running {
  port: number;
  headers: Record<string, string>;
  sealId: string;
  workDir: string;
}

let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.on('exit', resolve));
    child.disconnect();
    const timer = setTimeout(() => child!.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
});

let watchdog: NodeJS.Timeout | undefined;
let endedForMemory = '';
let serviceEnded = '';
afterAll(() => clearInterval(watchdog));

/** Ends the service when its resident memory passes the limit; the test then reports it. */
function watchMemory(pid: number): void {
  watchdog = setInterval(() => {
    try {
      const mb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      if (mb > RESIDENT_LIMIT_MB) {
        endedForMemory = `the service passed ${RESIDENT_LIMIT_MB} MB resident and was ended`;
        child?.kill('SIGKILL');
      }
    } catch {
      clearInterval(watchdog); // gone
    }
  }, 100);
}

async function startService(): Promise<Running> {
  child = fork(fileURLToPath(new URL('./harness/service-child.ts', import.meta.url)), [], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    execArgv: ['--import', 'tsx', '--max-old-space-size=1024'],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child!.once('message', (m) => {
      watchMemory(child!.pid!);
      resolve(m as Running);
    });
    child!.once('exit', (code, signal) => {
      serviceEnded = `the service process ended (${signal ?? `exit ${code}`})`;
      reject(new Error(`${serviceEnded} before it listened`));
    });
  });
}

/** A request with a time limit; a dead or stalled service answers with the reason instead. */
async function call(base: string, path: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> } | { failed: string }> {
  try {
    const response = await fetch(base + path, { ...init, signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text: text.slice(0, 200) };
    }
    return { status: response.status, body };
  } catch (error) {
    return { failed: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const form = (name: string, bytes: Buffer, headers: Record<string, string> = {}): RequestInit => {
  const body = multipart(name, bytes);
  return { method: 'POST', body: body.payload, headers: { ...body.headers, ...headers } };
};

describe('the service after the fuzz corpus', () => {
  it('still stamps and verifies a normal file; no temp file is left under its work dir', async () => {
    const dir = await tempDir('fuzz-service');
    const entries = await makeCorpus({ seed: 19, count: 60, dir });
    const service = await startService();
    const base = `http://127.0.0.1:${service.port}`;
    const clerk = { ...service.headers };
    const problems: string[] = [];
    const note = (file: string, what: string, r: Awaited<ReturnType<typeof call>>): void => {
      // a typed refusal carries a code; a 500 INTERNAL, a timeout or a dead socket are what the issue forbids
      if ('failed' in r) problems.push(`${basename(file)} ${what}: ${r.failed}${serviceEnded ? ` (${endedForMemory || serviceEnded})` : ''}`);
      else if (r.status >= 500 && r.status !== 503) problems.push(`${basename(file)} ${what}: ${r.status} ${String(r.body.code ?? r.body.text ?? '')}`);
      else if (r.status >= 400 && typeof r.body.code !== 'string') problems.push(`${basename(file)} ${what}: ${r.status} without a code`);
    };
    for (const entry of entries) {
      if (serviceEnded) break; // what follows would only say so again
      const bytes = await readFile(entry.file);
      note(entry.file, 'verify', await call(base, '/api/verify', form('file.pdf', bytes)));
      const uploaded = await call(base, '/api/documents', form('file.pdf', bytes, clerk));
      note(entry.file, 'upload', uploaded);
      if ('failed' in uploaded || uploaded.status !== 201) continue;
      for (const crossPage of [false, true]) {
        const stamped = await call(base, '/api/stamps', {
          method: 'POST',
          headers: { ...clerk, 'content-type': 'application/json' },
          body: JSON.stringify({ documentId: uploaded.body.documentId, sealId: service.sealId, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN, crossPage }),
        });
        note(entry.file, crossPage ? 'stamp across pages' : 'stamp', stamped);
      }
    }

    // a normal file afterwards: uploaded, stamped, and the stamped copy verifies
    const normal = await readFile(await pdfLibDocument(dir, 'normal.pdf', 2));
    const uploaded = await call(base, '/api/documents', form('normal.pdf', normal, clerk));
    expect(uploaded, problems.join('\n')).toMatchObject({ status: 201 });
    const documentId = (uploaded as unknown as { body: { documentId: string } }).body.documentId;
    const stamp = await call(base, '/api/stamps', {
      method: 'POST',
      headers: { ...clerk, 'content-type': 'application/json' },
      body: JSON.stringify({ documentId, sealId: service.sealId, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN, crossPage: true }),
    });
    expect(stamp, problems.join('\n')).toMatchObject({ status: 201, body: { status: 'done' } });
    const id = (stamp as unknown as { body: { id: string } }).body.id;
    const pdf = await fetch(`${base}/api/stamps/${id}/pdf`, { headers: clerk });
    const verified = await call(base, '/api/verify', form('stamped.pdf', Buffer.from(await pdf.arrayBuffer())));
    expect(verified).toMatchObject({ status: 200, body: { status: 'valid' } });

    // what may stay: the documents the service keeps and the stamps it made; no temp file, nothing in incoming or verify
    const left = readdirSync(service.workDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(service.workDir, join(e.parentPath, e.name)))
      .filter((p) => /(^|\/)\.|\.part$|\.tmp$|^verify\/|incoming\//.test(p));
    expect(left).toEqual([]);
    expect(problems).toEqual([]);
  }, 1_800_000);
});
