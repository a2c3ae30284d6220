import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import ipp from 'ipp';
import { describe, expect, it } from 'vitest';
import { startIppPrinter } from '../../../simulator/ipp-printer/ipp-printer.js';

// Talks IPP with the `ipp` package directly, not through drivers/docprinter, so the launcher is
// checked on its own.
async function printerAttributes(uri: string): Promise<Record<string, unknown>> {
  const body = ipp.serialize({
    version: '2.0',
    operation: 'Get-Printer-Attributes',
    id: 1,
    'operation-attributes-tag': {
      'attributes-charset': 'utf-8',
      'attributes-natural-language': 'en',
      'printer-uri': uri,
      'requested-attributes': ['printer-make-and-model', 'document-format-supported'],
    },
  });
  const response = await fetch(uri.replace(/^ipp:/, 'http:'), { method: 'POST', headers: { 'content-type': 'application/ipp' }, body });
  const parsed = ipp.parse(Buffer.from(await response.arrayBuffer()));
  expect(parsed.statusCode).toBe('successful-ok');
  return parsed['printer-attributes-tag'] as Record<string, unknown>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('ippeveprinter launcher', () => {
  it('starts two real printers side by side on their own ports, with the make, model and formats asked for', async () => {
    const [a, b] = await Promise.all([
      startIppPrinter({ model: 'A4 Mono', formats: ['application/pdf'] }),
      startIppPrinter({ make: 'Hall', model: 'Photo', formats: ['application/pdf', 'image/jpeg'] }),
    ]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.uri).toBe(`ipp://localhost:${a.port}/ipp/print`);
      expect(existsSync(a.spoolDir)).toBe(true);
      const attrsA = await printerAttributes(a.uri);
      expect(attrsA['printer-make-and-model']).toBe('Sealdesk A4 Mono');
      expect(attrsA['document-format-supported']).toContain('application/pdf');
      expect(attrsA['document-format-supported']).not.toContain('image/jpeg');
      const attrsB = await printerAttributes(b.uri);
      expect(attrsB['printer-make-and-model']).toBe('Hall Photo');
      expect(attrsB['document-format-supported']).toContain('image/jpeg');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('close() stops the printer and removes its spool directory', async () => {
    const printer = await startIppPrinter();
    expect(await accepts(printer.port)).toBe(true);
    await printer.close();
    expect(await accepts(printer.port)).toBe(false);
    expect(existsSync(printer.spoolDir)).toBe(false);
  });

  it('says which package to install when ippeveprinter is missing', async () => {
    await expect(startIppPrinter({ binary: '/nonexistent/ippeveprinter' })).rejects.toThrow(/apt-get install cups-ipp-utils/);
  });
});
