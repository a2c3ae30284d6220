/**
 * A kiosk certificate in its template's format, rendered in a document thread (the service's
 * path: fontkit and deflate off the event loop), is byte for byte what the main thread renders:
 * an OFD for a template whose format is ofd, the PDF otherwise.
 */
import { describe, expect, it } from 'vitest';
import { DocumentPool } from '../../../appliance/document-pool/document-pool.js';
import { loadTemplate, renderCertificate, renderCertificateOfd, validateTemplate } from '../../../appliance/templates/index.js';
import { afterFile } from '../../helpers/after-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const pool = new DocumentPool({ workers: 1, queueLimit: 1, staffQueueLimit: 4, timeLimitMs: 60_000, memoryLimitMb: 256 });
afterFile(() => pool.close());

const data = {
  holder: { name: '欧阳娜娜', sex: 'female' as const, ethnicity: '汉', birthDate: '1990-03-07', address: '北京市海淀区中关村大街27号', idNumber: '110108199003070024' },
  fields: { residenceAddress: '北京市朝阳区建国路88号院3号楼1201', residenceSince: '2019-09-01', purpose: '子女入学' },
};
const options = { time: new Date('2021-06-01T02:00:00Z'), issuer: '北京市朝阳区建外街道办事处', qr: 'https://verify.example.cn/v/abc123' };

describe('a certificate file rendered in a document thread', () => {
  it('OFD for an ofd template, PDF by default: the same bytes as on the main thread', async () => {
    const { template } = await loadTemplate(await tempDir('certificate-file-job'), 'residence-certificate');
    const ofdTemplate = validateTemplate({ ...template, format: 'ofd' });
    const ofd = await pool.renderCertificateFile(ofdTemplate, data, options);
    expect(ofd.format).toBe('ofd');
    expect(ofd.bytes.equals((await renderCertificateOfd(ofdTemplate, data, options)).ofd)).toBe(true);
    const pdf = await pool.renderCertificateFile(template, data, options);
    expect(pdf.format).toBe('pdf');
    expect(pdf.bytes.equals((await renderCertificate(template, data, options)).pdf)).toBe(true);
    // a cold thread transpiles the jobs and opens two 26 MB font collections (about 25 s on this shared machine)
  }, 180_000);
});
