import { readdirSync } from 'node:fs';
import { buildPages } from '../../../scripts/build-pages.js';
import { sampleCitizen, startIdCardReader, type IdCardReader, type Identity } from '../../../simulator/idcard/index.js';
import { startIppPrinter, type IppPrinter } from '../../../simulator/ipp-printer/ipp-printer.js';
import { startReceiptPrinter, type ReceiptPrinter } from '../../../simulator/receipt/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { startTestService, TEST_PASSWORD, type TestService } from '../../helpers/service.js';
import { afterFile } from '../../helpers/after-file.js';

export interface HallForPages {
  service: TestService;
  baseUrl: string;
  citizen: Identity;
  idcard: IdCardReader;
  receipts: ReceiptPrinter;
  printer: IppPrinter;
  /** The documents ippeveprinter kept (N-name.pdf). */
  spooled(): string[];
  /** A clerk with a password, for the sign-in form; the seals granted to them; of the own department unless another organisation is named. */
  clerk(grantSeals: Seal[], organisationId?: string): Promise<{ username: string; password: string }>;
  /** A kiosk terminal with its credential; the seals granted to it. */
  kiosk(grantSeals: Seal[]): Promise<{ terminal: string; credential: string }>;
}

let made = 0;

/**
 * The simulated hall for a page test: the ID-card reader and receipt printer simulators on real
 * ptys, a real ippeveprinter, the whole service on a real SoftHSM token listening on a free
 * loopback port, with the pages freshly built. Call at the top level of a test file or in a beforeAll (it closes
 * everything after the file).
 */
export async function startHallForPages(): Promise<HallForPages> {
  const citizen = sampleCitizen({ name: '王小明', address: '浙江省杭州市西湖区文三路90号' });
  const [idcard, receipts, printer] = await Promise.all([startIdCardReader({ identity: citizen }), startReceiptPrinter(), startIppPrinter(), buildPages()]);
  afterFile(async () => {
    await Promise.all([idcard.close(), receipts.close(), printer.close()]);
  });
  const service = await startTestService({ parts: { devices: { idcard: idcard.hostPath, receipt: receipts.hostPath, printerUri: printer.uri } } });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const address = service.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { directory } = service.context;

  const grant = (operatorId: string, seals: Seal[]) => {
    for (const seal of seals) directory.grants.grant(seal.id, directory.organisations.organisationOfUscc(seal.organisation.uscc)!.id, operatorId, 'test');
  };

  return {
    service,
    baseUrl: `http://127.0.0.1:${port}`,
    citizen,
    idcard,
    receipts,
    printer,
    spooled: () => readdirSync(printer.spoolDir).filter((f) => f.endsWith('.pdf')),
    async clerk(grantSeals, organisationId = service.organisations.own.id) {
      const username = `window-clerk-${++made}`;
      const created = await directory.operators.create({ username, displayName: '李窗口', role: 'clerk', organisationId, password: TEST_PASSWORD });
      grant(created.operator.id, grantSeals);
      return { username, password: TEST_PASSWORD };
    },
    async kiosk(grantSeals) {
      const terminal = `kiosk-${++made}`;
      const created = await directory.operators.create({ username: terminal, displayName: '一号自助机', role: 'kiosk', organisationId: service.organisations.own.id });
      grant(created.operator.id, grantSeals);
      return { terminal, credential: created.terminalCredential! };
    },
  };
}
