/**
 * The counter service under load: 50 clerks at once, each uploading a 1-page PDF and stamping it
 * through HTTP with the token PIN, for 60 s (SEALDESK_LOAD_SECONDS), all on one SoftHSM token.
 * Prints docs/s, p50 / p99 of upload + stamp, and the errors (goal: none), and checks that every
 * stamp reported done has its seal event in the outbox. The peer is stampPdf called directly,
 * one after another, in the same run: the ratio is what HTTP, sessions, jobs and the token queue cost
 * (or gain, with two cores).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoSeals } from '../../appliance/hall/demo-seals.js';
import { buildService } from '../../appliance/service/build-service.js';
import { openServiceContext } from '../../appliance/service/open-service-context.js';
import { serviceSettings } from '../../appliance/service/service-settings.js';
import { stampPdf } from '../../appliance/stamping/index.js';
import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { startSoftHsm } from '../../simulator/softhsm/softhsm.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { report } from './report.js';

const PIN = '123456';
const CLIENTS = 50;
const SECONDS = Number(process.env.SEALDESK_LOAD_SECONDS ?? 60);
const PEER_DOCS = 30;
const PASSWORD = 'Load-bench-2026';

const hsm = await startSoftHsm();
await hsm.initToken('load', '12345678', PIN);
process.env.SOFTHSM2_CONF = hsm.confPath;
const home = await mkdtemp(join(tmpdir(), 'sealdesk-load-'));
const pkcs11 = Pkcs11.open({ modulePaths: [hsm.modulePath], stateDir: home });
const token = pkcs11.token({ label: 'load' });
const context = openServiceContext({ home, settings: serviceSettings({ port: 0, logLevel: 'silent' }), pkcs11, directory: { scrypt: { N: 2 ** 10, r: 8, p: 1 } } });
const department = context.directory.organisations.create({ name: '杭州市西湖区行政审批服务管理局', level: 'department', uscc: '11330106002489166C' });
await token.login(PIN);
const [, seal] = await ensureDemoSeals(home, pkcs11, context.seals, token, [{ name: department.name, uscc: department.uscc! }], 'http://127.0.0.1:7700');
const input = await pdfLibDocument(home, 'in.pdf', 1);
const pdf = await readFile(input);

// the peer: the same stamp without the service
const placement = { kind: 'position', page: 1, x: 380, y: 90 } as const;
for (let i = 0; i < 3; i++) await stampPdf({ home, registry: context.seals, pkcs11, pin: PIN }, { input, output: join(home, `warm-${i}.pdf`), sealId: seal!.id, placement });
let start = process.hrtime.bigint();
for (let i = 0; i < PEER_DOCS; i++) await stampPdf({ home, registry: context.seals, pkcs11, pin: PIN }, { input, output: join(home, `peer-${i}.pdf`), sealId: seal!.id, placement });
const peerRate = PEER_DOCS / (Number(process.hrtime.bigint() - start) / 1e9);
await token.logout();

const { app } = await buildService(context);
// a running appliance's document threads are up (run-appliance.ts warms them at start)
await context.documentPool.warm();
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const clerks: string[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const { operator } = await context.directory.operators.create({ username: `clerk-${i}`, displayName: `窗口 ${i}`, role: 'clerk', organisationId: department.id, password: PASSWORD });
  context.directory.grants.grant(seal!.id, department.id, operator.id, 'bench');
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `clerk-${i}`, password: PASSWORD }) });
  clerks.push(`Bearer ${((await response.json()) as { token: string }).token}`);
}

const latencies: number[] = [];
const errors = new Map<string, number>();
const done: string[] = [];
const deadline = Date.now() + SECONDS * 1000;

async function client(index: number): Promise<void> {
  const authorization = clerks[index]!;
  for (let n = 0; Date.now() < deadline; n++) {
    const t0 = performance.now();
    try {
      const form = new FormData();
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), `申请-${index}-${n}.pdf`);
      const uploaded = await fetch(`${url}/api/documents`, { method: 'POST', headers: { authorization }, body: form });
      if (uploaded.status !== 201) throw new Error(`upload ${uploaded.status} ${((await uploaded.json()) as { code: string }).code}`);
      const { documentId } = (await uploaded.json()) as { documentId: string };
      const stamped = await fetch(`${url}/api/stamps`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'idempotency-key': `load-${index}-${n}-x` },
        body: JSON.stringify({ documentId, sealId: seal!.id, placement, pin: PIN }),
      });
      const job = (await stamped.json()) as { status?: string; code?: string; result?: { eventId: string } };
      if (stamped.status !== 201 || job.status !== 'done') throw new Error(`stamp ${stamped.status} ${job.code ?? job.status}`);
      done.push(job.result!.eventId);
      latencies.push(performance.now() - t0);
    } catch (error) {
      const key = (error as Error).message;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
}

start = process.hrtime.bigint();
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
await app.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const inOutbox = done.filter((id) => context.events.outbox.event(id)?.kind === 'stamped').length;
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
console.log(`${CLIENTS} clients × ${SECONDS} s on one SoftHSM token: ${done.length} stamps, ${errorCount} errors${errorCount ? ` (${[...errors].map(([k, v]) => `${k} ×${v}`).join(', ')})` : ''}`);
console.log(`upload + stamp latency: p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms; every done stamp has its event in the outbox: ${inOutbox === done.length ? 'yes' : `NO (${inOutbox}/${done.length})`}`);
report({
  name: `service: ${CLIENTS} concurrent clerks, upload + stamp over HTTP`,
  value: done.length / elapsed,
  unit: 'docs/s',
  peer: { name: 'stampPdf directly, one after another', value: peerRate },
  better: 'higher',
});
if (errorCount > 0 || inOutbox !== done.length || done.length === 0) process.exitCode = 1;
context.close();
pkcs11.close();
await hsm.close();
// a minute of stamps leaves ~0.5 GB of documents behind
await rm(home, { recursive: true, force: true });
