/**
 * A 1-page PDF stamped with an SM2 seal (B-B, visible seal + QR, CMS SM3withSM2) on the simulated
 * GM key (sansec numbering: the host computes e = SM3(Z ‖ M), the key signs), with the same goals
 * as the ECDSA stamp (stamp.bench.ts, through the shared test/bench/stamp-measure.ts): ≥ 5×
 * `pdfsig -add-signature` docs/s on the same input, and ≤ 2 ms per stamp above the key's own
 * signature (Token.sign of a CMS's signed attributes' size), the disk's fsyncs apart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCa } from '../../appliance/ca/ca-init.js';
import { createSeal } from '../../appliance/seals/create-seal.js';
import { SealRegistry } from '../../appliance/seals/registry/seal-registry.js';
import type { StampContext } from '../../appliance/stamping/index.js';
import { verifyPdf } from '../../appliance/verification/index.js';
import { pdfLibDocument } from '../appliance/pdf/make-pdf.js';
import { GM_USER_PIN, inProcessGmToken } from '../helpers/gm-key.js';
import { measureStamps, pdfsigSignRate, reportStampGoals } from './stamp-measure.js';

const DOCS = 300;
const WARM_UP = 50;
const PEER_DOCS = 10;

const home = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-stamp-bench-'));
const { key, pkcs11, token } = await inProcessGmToken('sansec', 'bench', home);
const registry = SealRegistry.open(home);
await initCa(home, token, { organisation: '基准测试局', commonName: 'bench SM2 CA', keyLabel: 'seal-ca', crlBaseUrl: 'http://127.0.0.1:8443', algorithm: 'sm2' });
const seal = await createSeal(
  home,
  pkcs11,
  registry,
  { name: '行政审批专用章', type: 'business', organisation: { name: '基准测试局', uscc: '11330106002489166C' }, token, keyType: 'sm2' },
  async () => {},
);
const context: StampContext = { home, registry, pkcs11, pin: GM_USER_PIN };
const input = await pdfLibDocument(home, 'in.pdf', 1);

// about what a stamp's CMS has the key sign: the DER signed attributes
const signedAttributes = Buffer.alloc(200, 0x31);
const figures = await measureStamps({ context, input, output: home, sealId: seal.id, docs: DOCS, warmUp: WARM_UP, sign: () => token.sign(seal.key.keyLabel, signedAttributes), signs: DOCS * 3 });

// what was measured is an SM2 stamp that verifies
const stamped = await verifyPdf(join(home, 'out-0.pdf'), { home });
const algorithms = JSON.stringify(stamped).match(/sm2-sm3/g);
if (stamped.status !== 'valid' || !algorithms) throw new Error(`the bench's SM2 stamp does not verify as sm2-sm3: ${stamped.status}`);

const { rate: peerRate } = await pdfsigSignRate(home, input, PEER_DOCS);
reportStampGoals('B-B, seal + QR, SM2 on the simulated GM key', figures, peerRate);

registry.close();
pkcs11.close();
await key.close();
await rm(home, { recursive: true, force: true });
