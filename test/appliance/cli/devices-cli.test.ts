import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCitizen } from '../../../simulator/idcard/index.js';
import { minimalPdf } from '../../drivers/docprinter/helpers/minimal-pdf.js';
import { runCli, SEALDESK_BIN } from '../../helpers/cli.js';

// jsqr is CommonJS with an ES-style default in its types; at run time the function is on .default.
const jsQR = jsQRModule.default;

interface SimJson {
  idcard: string;
  receipt: string;
  receiptsDir: string;
  qrscanner: string;
  ipp: { uri: string; spoolDir: string };
}

let home: string;
let sim: ChildProcess;
let state: SimJson;
const env = () => ({ SEALDESK_HOME: home });

/** Starts `sealdesk sim up --json` and resolves with what it printed once its devices are up. */
function simUp(): Promise<SimJson> {
  sim = spawn(process.execPath, [SEALDESK_BIN, 'sim', 'up', '--json'], { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  sim.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    sim.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      try {
        resolve(JSON.parse(out) as SimJson);
      } catch {
        // not all of it yet
      }
    });
    sim.once('exit', (code) => reject(new Error(`sim up exited with ${code}: ${err}`)));
  });
}

async function waitForFile(path: string, timeoutMs = 5000): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes) return bytes;
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await sleep(50);
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sealdesk-devices-cli-'));
  state = await simUp();
});

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    sim.kill('SIGKILL');
    await new Promise((r) => sim.once('exit', r));
  }
  await rm(home, { recursive: true, force: true });
});

describe('sealdesk devices / sim against the simulators of a running `sim up`', () => {
  it('sim up prints every device: ptys that exist, an IPP URI, recorded in sim.json', async () => {
    expect(state.idcard).toMatch(/idcard-host$/);
    expect(state.ipp.uri).toMatch(/^ipp:\/\/localhost:\d+\/ipp\/print$/);
    const recorded = JSON.parse(await readFile(join(home, 'sim.json'), 'utf8')) as SimJson;
    expect(recorded).toMatchObject(state);
    const list = await runCli(['devices', 'list', '--json'], env());
    expect(list.code).toBe(0);
    const paths = (JSON.parse(list.stdout) as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining([state.idcard, state.receipt, state.qrscanner]));
  });

  it('devices read-id prints the card with the ID number masked; the full number appears nowhere', async () => {
    const full = sampleCitizen().idNumber;
    const table = await runCli(['devices', 'read-id'], env());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/name\s+李华/);
    expect(table.stdout).toMatch(/validTo\s+long-term/);
    expect(table.stdout).toContain(`${full[0]}${'*'.repeat(16)}${full[17]}`);
    const json = await runCli(['devices', 'read-id', '--json', '--port', state.idcard], env());
    expect(JSON.parse(json.stdout)).toMatchObject({ name: '李华', sex: 'female', nation: '汉', birthDate: '1985-11-12', photoBytes: 1024 });
    for (const out of [table, json]) expect(out.stdout + out.stderr).not.toContain(full);
  });

  it('devices print-receipt: the simulator’s rendered PNG carries the QR payload, its text lines the receipt', async () => {
    const url = 'https://verify.sealdesk.example/e/01JD5K9Q8W?seal=不动产登记专用章';
    const result = await runCli(['devices', 'print-receipt', '--title', '受理回执', '--text', '申请人：李华', '业务：不动产权证书补发', '--qr', url], env());
    expect(result.code).toBe(0);
    const png = PNG.sync.read(await waitForFile(join(state.receiptsDir, 'receipt-1.png')));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url);
    const paper = JSON.parse(await readFile(join(state.receiptsDir, 'receipt-1.json'), 'utf8')) as { lines: { text: string }[] };
    expect(paper.lines.map((l) => l.text)).toEqual(['受理回执', '申请人：李华', '业务：不动产权证书补发']);
  });

  it('sim card remove → read-id fails NO_CARD (exit 1, zh and en); sim card insert → it reads again', async () => {
    expect((await runCli(['sim', 'card', 'remove'], env())).code).toBe(0);
    const failed = await runCli(['devices', 'read-id'], env());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('错误 NO_CARD：请将身份证放在读卡区。');
    expect(failed.stderr).toContain('error NO_CARD: Place the ID card on the reader.');
    expect((await runCli(['sim', 'card', 'insert', '--name', '王小明'], env())).code).toBe(0);
    const again = await runCli(['devices', 'read-id', '--json'], env());
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ name: '王小明' });
  });

  it('sim paper out → print-receipt fails PRINTER_PAPER_OUT (exit 1); sim paper in → prints', async () => {
    expect((await runCli(['sim', 'paper', 'out'], env())).code).toBe(0);
    const failed = await runCli(['devices', 'print-receipt', '--text', '第二张', '--json'], env());
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ error: { code: 'PRINTER_PAPER_OUT', message_zh: '打印机缺纸，请装纸后继续。' } });
    expect((await runCli(['sim', 'paper', 'in'], env())).code).toBe(0);
    expect((await runCli(['devices', 'print-receipt', '--text', '第三张'], env())).code).toBe(0);
    const paper = JSON.parse((await waitForFile(join(state.receiptsDir, 'receipt-2.json'))).toString()) as { lines: { text: string }[] };
    expect(paper.lines.map((l) => l.text)).toEqual(['第三张']);
  });

  it('devices scan prints what the scanner reads (sim scan from another shell)', async () => {
    const payload = 'https://verify.sealdesk.example/?n=王小明';
    const scan = spawn(process.execPath, [SEALDESK_BIN, 'devices', 'scan', '--count', '1', '--json'], { env: { ...process.env, ...env() } });
    let out = '';
    scan.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => scan.once('exit', r));
    // The port must be open before the code is read, or the line is lost as on a real wire: the
    // command says "scanning…" on stderr once it listens.
    await new Promise<void>((resolve, reject) => {
      let err = '';
      scan.stderr.on('data', (c: Buffer) => ((err += c.toString()), err.includes('请扫码') && resolve()));
      void exited.then((code) => reject(new Error(`devices scan exited early with ${code}: ${err}`)));
    });
    expect((await runCli(['sim', 'scan', payload], env())).code).toBe(0);
    expect(await exited).toBe(0);
    expect(JSON.parse(out.trim())).toMatchObject({ text: payload, mode: 'serial' });
  });

  it('devices print FILE.pdf --printer ipp://…: the real ippeveprinter received exactly the file', async () => {
    const pdf = join(home, 'doc.pdf');
    const bytes = minimalPdf('sealdesk devices print');
    await writeFile(pdf, bytes);
    const result = await runCli(['devices', 'print', pdf, '--printer', state.ipp.uri, '--json'], env());
    expect(result.code).toBe(0);
    const { jobId, state: jobState } = JSON.parse(result.stdout) as { jobId: number; state: string };
    expect(jobState).toBe('completed');
    // ippeveprinter keeps the document (JOBID-NAME.pdf) and may write other files beside it
    const files = (await readdir(state.ipp.spoolDir)).filter((f) => f.startsWith(`${jobId}-`) && f.endsWith('.pdf'));
    expect(files).toEqual([`${jobId}-sealdesk_document.pdf`]);
    expect(await readFile(join(state.ipp.spoolDir, files[0]!))).toEqual(bytes);
  });

  it('devices list --watch prints the reader unplugged and plugged back (sim reader …); read-id works again', async () => {
    const watch = spawn(process.execPath, [SEALDESK_BIN, 'devices', 'list', '--watch', '--json'], { env: { ...process.env, ...env() } });
    const exited = new Promise<number | null>((r) => watch.once('exit', r));
    const events: { event: string; path: string }[] = [];
    let buffered = '';
    watch.stdout.on('data', (c: Buffer) => {
      buffered += c.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) events.push(JSON.parse(line) as { event: string; path: string });
    });
    /** Resolves when the n-th event (1-based) about the reader has this kind. */
    const nth = (n: number, event: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const mine = events.filter((e) => e.path === state.idcard);
          if (mine.length < n) return;
          if (mine[n - 1]!.event === event) resolve();
          else reject(new Error(`expected ${event} as event ${n}, got ${JSON.stringify(mine)}`));
        };
        watch.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`watch exited with ${code}`)));
        check();
      });
    await nth(1, 'attach'); // the first scan reports what is present
    expect((await runCli(['sim', 'reader', 'unplug'], env())).code).toBe(0);
    await nth(2, 'detach');
    expect((await runCli(['sim', 'reader', 'plug'], env())).code).toBe(0);
    await nth(3, 'attach');
    watch.kill('SIGINT');
    expect(await exited).toBe(0);
    const again = await runCli(['devices', 'read-id', '--json'], env());
    expect(again.code).toBe(0);
  });

  it('usage errors exit 2', async () => {
    const bad = await runCli(['devices', 'read-id', '--timeout', 'soon'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('错误 USAGE');
    expect((await runCli(['sim', 'paper', 'sideways'], env())).code).toBe(2);
  });

  it('SIGTERM stops sim up cleanly: exit 0, sim.json gone, sim commands then say nothing runs', async () => {
    sim.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => sim.once('exit', r));
    expect(code).toBe(0);
    await expect(readFile(join(home, 'sim.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const after = await runCli(['sim', 'card', 'remove'], env());
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('sealdesk sim up');
  });
});
