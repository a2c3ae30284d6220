import { Type } from '@sinclair/typebox';
import { subjectHash } from '../../../drivers/idcard/subject-hash.js';
import { maskedCard } from '../../devices/masked-card.js';
import { subjectSalt } from '../../licences/terminal-secrets.js';
import { principalOf } from '../access/route-access.js';
import { DeviceView, deviceStatus } from '../devices/device-status.js';
import { hallDevices } from '../devices/hall-devices.js';
import { readCard } from '../devices/read-card.js';
import { audited } from '../seals/audit-action.js';
import type { ServicePlugin } from '../service-plugin.js';

const CardView = Type.Object({
  name: Type.String(),
  sex: Type.String(),
  nation: Type.String(),
  birthDate: Type.String(),
  address: Type.String(),
  idNumber: Type.String({ description: 'masked: first and last character only' }),
  issuingAuthority: Type.String(),
  validFrom: Type.String(),
  validTo: Type.String(),
  photoBytes: Type.Integer(),
  subjectHash: Type.String({ description: "salted hash of the ID number: what leaves the terminal instead of it" }),
  readAt: Type.String(),
});

/**
 * /api/devices: the hall's devices at a glance, and the ID-card read. The card's full number stays
 * in this process (CardDesk) for the session's next document; the page gets it masked.
 */
const devicesPlugin: ServicePlugin = (context) => async (app) => {
  app.addHook('onClose', async () => hallDevices(context).close());

  app.get(
    '/api/devices',
    { schema: { tags: ['devices'], response: { 200: Type.Array(DeviceView) } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async () => deviceStatus(context),
  );

  app.post(
    '/api/devices/idcard/read',
    { schema: { tags: ['devices'], response: { 200: CardView } }, config: { access: ['clerk', 'kiosk'] } },
    async (request) => {
      const principal = principalOf(request);
      const card = await audited(context, principal, { action: 'idcard.read' }, () => readCard(context));
      hallDevices(context).cards.put(principal.sessionId, card);
      return { ...(maskedCard(card) as Omit<typeof CardView.static, 'subjectHash' | 'readAt'>), subjectHash: subjectHash(card.idNumber, subjectSalt(context.home)), readAt: new Date().toISOString() };
    },
  );

  app.delete(
    '/api/devices/idcard/card',
    { schema: { tags: ['devices'], response: { 200: Type.Object({ forgotten: Type.Boolean() }) } }, config: { access: ['clerk', 'kiosk'] } },
    async (request) => ({ forgotten: hallDevices(context).cards.forget(principalOf(request).sessionId) }),
  );
};
export default devicesPlugin;
