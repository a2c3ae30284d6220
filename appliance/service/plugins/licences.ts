import { Type } from '@sinclair/typebox';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainId32 } from '../../ledger/chain/chain-id.js';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import { chainConfigured } from '../../ledger/seal-chain.js';
import { issueLicence } from '../../licences/issue-licence.js';
import { parseLicenceCode } from '../../licences/licence-code.js';
import { readLicence } from '../../licences/read-licence.js';
import { principalOf } from '../access/route-access.js';
import { IssuedLicence, IssueLicenceBody } from '../licences/licence-body.js';
import { licenceTransaction } from '../licences/licence-tx.js';
import { LicenceView, licenceView } from '../licences/licence-view.js';
import { audited } from '../seals/audit-action.js';
import { requireSealVisible } from '../seals/seal-scope.js';
import type { ServicePlugin } from '../service-plugin.js';
import { unlockToken } from '../tokens/unlock-token.js';
import type { Token } from '../../../drivers/pkcs11/token.js';

// the code is checked by parseLicenceCode (LICENCE_CODE_INVALID), never echoed in a schema message
const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200, description: 'The licence code (证照码), as scanned.' }) }, { additionalProperties: false });

/** Answers that carry a licence code or the holder's data are nobody's to cache. */
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * /api/licences: licence records (电子证照). Anyone holding a licence code reads the record from
 * the chain, decrypted with the code and verified (public: the code is the credential). The code
 * travels in the request body, never in a path or query, so no URL, log, proxy or browser history
 * holds it. A clerk issues one with a seal granted to them (a kiosk only through its template's
 * certificate, /api/kiosk); the audit keeps ids only, never the holder's data or the code.
 */
const licencesPlugin: ServicePlugin = (context) => async (app) => {
  app.post(
    '/api/licences/read',
    { schema: { tags: ['licences'], body: CodeBody, response: { 200: LicenceView } }, config: { access: 'public' } },
    async (request, reply) => {
      const code = parseLicenceCode(request.body.code);
      const { licenceId } = code;
      const config = loadLedgerConfig(context.home);
      // the same answer issueLicence gives: licence records exist only on a chain
      if (!chainConfigured(config)) throw new SealdeskError('USAGE', { reason: 'licence records live on the chain: run sealdesk chain deploy (or set ledger.json) first', reasonZh: '电子证照记录保存在区块链上：请先运行 sealdesk chain deploy（或配置 ledger.json）' });
      const verified = await readLicence({ rpcUrls: config.rpcUrls, registry: config.registry, licenceId, key: { kind: 'code', code } });
      const txHash = await licenceTransaction(config.rpcUrls, config.registry, chainId32(licenceId), verified.chain.blockNumber);
      return reply.headers(PRIVATE).send(licenceView(verified, txHash));
    },
  );

  app.post(
    '/api/licences',
    { schema: { tags: ['licences'], body: IssueLicenceBody, response: { 201: IssuedLicence } }, config: { access: ['clerk'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const { pin, sealId, ...parameters } = request.body;
      const issued = await audited(
        context,
        principal,
        { action: 'licence.issue', target: sealId },
        async () => {
          const seal = context.seals.get(sealId);
          requireSealVisible(context.scope, principal, seal);
          // signed with the seal like a stamp: the clerk's PIN every time, a kiosk's own seal without
          if (pin === undefined && principal.role !== 'kiosk') throw new SealdeskError('STAMP_PIN_REQUIRED');
          // the clerk's PIN is the seal token's only: the terminal's own token (chain key, licence
          // wrapping key) must already be open, never tried with a PIN meant for another token
          const pinFor = (token: Token): string | undefined => (token.serial === seal?.key.tokenSerial ? pin : undefined);
          return issueLicence(context.home, context.pkcs11, async (token) => void (await unlockToken(context, principal, token, pinFor(token))), { ...parameters, sealId });
        },
        (r) => ({ licenceId: r.licenceId, eventId: r.eventId, txHash: r.chain.txHash }),
      );
      return reply
        .status(201)
        .headers(PRIVATE)
        .send({ licenceId: issued.licenceId, code: issued.code, eventId: issued.eventId, chain: issued.chain });
    },
  );
};
export default licencesPlugin;
