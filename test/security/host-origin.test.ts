import { readdir } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildService } from '../../appliance/service/build-service.js';
import { serviceSettings } from '../../appliance/service/service-settings.js';
import { launchChromium } from '../helpers/browser.js';
import { startTestService, TEST_PASSWORD } from '../helpers/service.js';

// Issue 13, item 6: a DNS-rebinding page (any Host) and a page on another port of 127.0.0.1
// (the same site, so the SameSite=Strict cookie goes along) reached the service.
const service = await startTestService();
const { app, context } = service;
await app.listen({ host: '127.0.0.1', port: 0 });
const servicePort = (app.server.address() as AddressInfo).port;
const serviceOrigin = `http://127.0.0.1:${servicePort}`;

let browser: Browser | undefined;
let attacker: Server | undefined;
afterAll(async () => {
  await browser?.close();
  attacker?.close();
});

/** A raw request on the socket, with the Host a rebinding browser would send. */
function rawGet(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: servicePort, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const documents = async () => (await readdir(join(context.workDir, 'documents')).catch(() => [] as string[])).filter((n) => n !== 'incoming');

describe('Host allowlist (issue 13, item 6)', () => {
  it('answers HOST_NOT_ALLOWED (421) to a Host it does not serve, on the socket and through every route', async () => {
    const rebound = await rawGet('/health', `evil.example:${servicePort}`);
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body)).toMatchObject({ code: 'HOST_NOT_ALLOWED', details: { host: `evil.example:${servicePort}` } });
    for (const url of ['/api/session', '/verify', '/counter', '/no-such-route']) {
      const answer = await app.inject({ method: 'GET', url, headers: { host: 'evil.example' } });
      expect([url, answer.statusCode, answer.json().code]).toEqual([url, 421, 'HOST_NOT_ALLOWED']);
    }
    const signIn = await app.inject({ method: 'POST', url: '/api/session', headers: { host: 'evil.example' }, payload: { username: 'x', password: 'y' } });
    expect([signIn.statusCode, signIn.json().code]).toEqual([421, 'HOST_NOT_ALLOWED']);
  });

  it('serves loopback names on any port', async () => {
    for (const host of [`127.0.0.1:${servicePort}`, 'localhost', `localhost:${servicePort}`, '[::1]:8443', '127.0.0.1']) {
      expect([host, (await rawGet('/health', host)).status]).toEqual([host, 200]);
    }
  });

  it('serves the names in service.allowedHosts, and no other', async () => {
    const configured = await buildService({ ...context, settings: serviceSettings({ port: 0, logLevel: 'silent', allowedHosts: ['counter-3.hall.local', 'kiosk.hall.local:8443'] }) });
    try {
      const status = async (host: string) => (await configured.app.inject({ method: 'GET', url: '/health', headers: { host } })).statusCode;
      expect(await status('counter-3.hall.local')).toBe(200);
      expect(await status('Counter-3.Hall.Local:7700')).toBe(200);
      expect(await status('kiosk.hall.local:8443')).toBe(200);
      expect(await status('kiosk.hall.local:7700')).toBe(421);
      expect(await status('counter-3.hall.local.evil.example')).toBe(421);
    } finally {
      await configured.app.close();
    }
  });
});

describe('Origin of a change (issue 13, item 6)', () => {
  it('refuses a state-changing request from another origin or site with ORIGIN_REFUSED (403); its own origin and non-browser clients go on', async () => {
    const clerk = await service.signIn('clerk');
    const post = (headers: Record<string, string>) => app.inject({ method: 'DELETE', url: '/api/session', headers: { ...clerk.headers, host: `127.0.0.1:${servicePort}`, ...headers } });
    const cases: Array<Record<string, string>> = [{ origin: 'http://127.0.0.1:1' }, { origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const refused = await post(headers);
      expect([JSON.stringify(headers), refused.statusCode, refused.json().code]).toEqual([JSON.stringify(headers), 403, 'ORIGIN_REFUSED']);
    }
    // still signed in: nothing was done
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: clerk.headers })).statusCode).toBe(200);
    expect((await post({ origin: serviceOrigin, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(204);
    const cli = await service.signIn('clerk');
    expect((await app.inject({ method: 'DELETE', url: '/api/session', headers: cli.headers })).statusCode).toBe(204);
  });

  it('in Chromium: the service’s own page uploads; a page on another port of 127.0.0.1 posting with the cookie is refused and nothing is kept', async () => {
    const clerk = await service.signIn('clerk');
    const letter = await PDFDocument.create();
    letter.addPage();
    const pdf = Buffer.from(await letter.save()).toString('base64');
    const upload = (target: string) => `(async () => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(pdf)}), (c) => c.charCodeAt(0));
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'letter.pdf');
      try { const r = await fetch(${JSON.stringify(target)}, { method: 'POST', body: form, credentials: 'include', mode: 'no-cors' }); return r.status; } catch (e) { return String(e); }
    })()`;
    attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>prize</title><p>You won!</p>'));
    await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve));
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;

    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    // the clerk signs in on the service's own origin: the cookie is set (and a same-origin POST passes)
    await page.goto(`${serviceOrigin}/health`);
    const signedIn = await page.evaluate<number>(`fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: ${JSON.stringify(clerk.username)}, password: ${JSON.stringify(TEST_PASSWORD)} }) }).then((r) => r.status)`);
    expect(signedIn).toBe(201);
    expect(await page.evaluate<number>(upload('/api/documents'))).toBe(201);
    const before = await documents();
    expect(before.length).toBe(1);

    // the same browser visits the other page, which posts to the service with the clerk's cookie
    await page.goto(`${attackerOrigin}/`);
    const answered = page.waitForResponse((r) => r.url() === `${serviceOrigin}/api/documents`);
    expect(await page.evaluate<number>(upload(`${serviceOrigin}/api/documents`))).toBe(0); // opaque to the page either way
    const response = await answered;
    expect(response.status()).toBe(403);
    // the refusal is audited, naming whose cookie the other page used
    expect(context.audit.list({ action: 'access.refused', descending: true, limit: 1 })[0]).toMatchObject({ outcome: 'denied', errorCode: 'ORIGIN_REFUSED', actor: { username: clerk.username }, details: { origin: attackerOrigin, route: '/api/documents' } });
    expect(await documents()).toEqual(before);
  });
});
