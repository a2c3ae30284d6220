import { Type } from '@sinclair/typebox';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { forbidden } from '../access/refusal.js';
import { principalOf } from '../access/route-access.js';
import { hallDevices } from '../devices/hall-devices.js';
import { DocumentStore } from '../documents/document-store.js';
import { CertificateBody } from '../kiosk/certificate-body.js';
import { keepCertificate } from '../kiosk/keep-certificate.js';
import { checkKioskFormat } from '../kiosk/kiosk-format.js';
import { kioskSeal } from '../kiosk/kiosk-seal.js';
import { renderForHolder } from '../kiosk/render-for-holder.js';
import { licenceForStamp, licencesOn, type StampLicence } from '../kiosk/stamp-licence.js';
import type { ServicePlugin } from '../service-plugin.js';
import { anchorOf } from '../stamps/anchor-status.js';
import { jobIdOf } from '../stamps/job-store.js';
import { jobStoreOf } from '../stamps/job-store-of.js';
import { PrintView, printStamp, printsOf } from '../stamps/print-stamp.js';
import { jobView, StampJobView } from '../stamps/stamp-job.js';
import { submitStamp } from '../stamps/submit-stamp.js';
import { formatOf, headOf } from '../../formats/index.js';
import { loadTemplate } from '../../templates/index.js';

const KeyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{8,128}$' })) });
const ErrorView = Type.Object({ code: Type.String(), message_zh: Type.String(), message_en: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) });
const IssuedView = Type.Object({
  stamp: StampJobView,
  template: Type.String(),
  /** The issued document's format: pdf, or ofd (an OFD e-licence; the printed copy is its PDF rendering). GET /api/stamps/:id/pdf serves it in its own type (application/ofd). */
  format: Type.Union([Type.Literal('pdf'), Type.Literal('ofd')]),
  seal: Type.Object({ id: Type.String(), name: Type.String(), organisation: Type.String() }),
  prints: Type.Union([PrintView, Type.Null()]),
  /** The licence record (电子证照) issued with the certificate when the template names one and a chain is configured. */
  licence: Type.Union([Type.Object({ licenceId: Type.String(), code: Type.Union([Type.String({ description: '证照码: opens this record only; given to the request that issued it' }), Type.Null()]) }), Type.Null()]),
  /** Stamped, but the licence could not be published (the chain down …). */
  licenceError: Type.Union([ErrorView, Type.Null()]),
  /** Stamped, but a printer stopped (paper out …): `prints` says what did print; POST /api/stamps/:id/print prints only the rest. */
  printError: Type.Union([ErrorView, Type.Null()]),
});

/**
 * /api/kiosk: the citizen's self-service certificate. The holder is the ID card read in this
 * session (never data the browser sends), the seal one granted to this kiosk for the template;
 * the certificate is rendered in the template's format (PDF, or OFD stamped with the seal's GB/T
 * 38540 e-seal, whose paper copy is its PDF rendering: kiosk/keep-certificate.ts, kiosk/paper-copy.ts),
 * stamped (the kiosk's token was opened at start), printed with its
 * receipt (with the licence code when the template issues a licence record and a chain is
 * configured: printed this once, never on a reprint), and the card is then forgotten. A retry with the same Idempotency-Key never issues a
 * second certificate.
 */
const kioskPlugin: ServicePlugin = (context) => async (app) => {
  const documents = new DocumentStore(context.workDir);
  const jobs = jobStoreOf(context);

  app.post(
    '/api/kiosk/preview',
    { schema: { tags: ['kiosk'], body: CertificateBody, produces: ['application/pdf'] }, config: { access: ['kiosk', 'clerk'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const card = hallDevices(context).cards.peek(principal.sessionId);
      if (!card) throw new SealdeskError('CARD_NOT_READ');
      const { template } = await loadTemplate(context.home, request.body.templateId);
      const { seal } = kioskSeal(context, principal, template);
      // refused here already: the citizen learns before confirming that this kiosk cannot issue it
      const format = checkKioskFormat(template, seal);
      // the PDF of the layout, whatever the format issued: an OFD certificate has the same layout (and prints as this PDF)
      const rendered = await renderForHolder(context.documentPool, template, card, seal, request.body.fields ?? {}, new Date());
      // a preview, not a document: shown, never kept or cached
      return reply.type('application/pdf').header('cache-control', 'no-store').header('x-certificate-format', format).send(rendered.pdf);
    },
  );

  app.post(
    '/api/kiosk/certificates',
    { schema: { tags: ['kiosk'], headers: KeyHeaders, body: CertificateBody, response: { 200: IssuedView, 201: IssuedView } }, config: { access: ['kiosk', 'clerk'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const key = request.headers['idempotency-key'];
      const { template } = await loadTemplate(context.home, request.body.templateId);
      const { seal, sealOrganisationId } = kioskSeal(context, principal, template);
      // before anything is rendered, kept, stamped or printed: an OFD needs a GB/T 38540 seal on an SM2 key
      const format = checkKioskFormat(template, seal);
      const previous = key ? jobs.get(jobIdOf(principal.operatorId, key)) : undefined;
      // a retry belongs to the visit that made it: an old key must not fetch (or print) an earlier citizen's certificate
      if (previous && principal.role === 'kiosk' && !hallDevices(context).cards.madeInVisit(principal.sessionId, previous.spec.documentId)) throw forbidden(principal, previous.sealOrganisationId);

      let documentId = previous?.spec.documentId;
      let placement = previous?.spec.placement;
      const card = hallDevices(context).cards.peek(principal.sessionId);
      if (!documentId || !placement) {
        if (!card) throw new SealdeskError('CARD_NOT_READ');
        const kept = await keepCertificate(context, documents, principal, { template, card, seal, fields: request.body.fields ?? {}, format });
        documentId = kept.documentId;
        placement = kept.placement;
        // the citizen's own document: the one thing of the terminal's stamps this kiosk may see
        hallDevices(context).cards.note(principal.sessionId, documentId);
      }

      const { job, created } = await submitStamp(context, jobs, {
        principal,
        spec: { documentId, sealId: seal.id, placement, level: 'B-B' },
        seal,
        sealOrganisationId,
        input: documents.documentPath(documentId),
        pin: undefined,
        idempotencyKey: key,
      });
      const fields = request.body.fields ?? {};
      let licence: StampLicence | null = null;
      let licenceError = null;
      if (template.licence && licencesOn(context) && job.result) {
        const { type } = template.licence;
        const { documentHash } = job.result;
        try {
          licence = await licenceForStamp(context, job.id, () => {
            if (!card) throw new SealdeskError('CARD_NOT_READ');
            return { type, holder: { name: card.name, idNumber: card.idNumber.reveal() }, fields, sealId: seal.id, documentHash };
          });
        } catch (error) {
          // the certificate is stamped and stays valid: the licence is said to have failed, not the stamp
          if (!isSealdeskError(error)) throw error;
          licenceError = error.toJSON();
        }
      }
      // stamped (and its licence issued): nothing of the citizen is needed any more; the visit stays
      // open (the kiosk may still fetch or print this certificate) until the next card or the idle reset
      hallDevices(context).cards.release(principal.sessionId);

      let prints: PrintView | null = null;
      let printError = null;
      if (request.body.print ?? true) {
        try {
          // the code, if this request issued it: printed on this receipt and nowhere else
          prints = await printStamp(context, jobs, principal, job, seal, {}, licence?.code ?? undefined);
        } catch (error) {
          if (!isSealdeskError(error)) throw error;
          printError = error.toJSON();
          // each print's own outcome: the certificate may be in the tray while the receipt failed
          prints = await printsOf(context, job.id);
          // the device and its path are for staff: the citizen's screen says only what to do
          request.log.warn({ stamp: job.id, code: error.code, details: error.details, printed: { document: prints.document !== null, receipt: prints.receipt !== null } }, 'kiosk print failed');
        }
      }
      const view = jobView(job, job.result ? anchorOf(context.events.outbox, job.result.eventId) : null);
      // the format of what was stamped (a retry's document may predate a change of the template)
      const issued = formatOf(headOf(jobs.outputPath(job.id))).name === 'ofd' ? 'ofd' : 'pdf';
      return reply.status(created ? 201 : 200).send({ stamp: view, template: template.id, format: issued, seal: { id: seal.id, name: seal.name, organisation: seal.organisation.name }, licence, licenceError, prints, printError });
    },
  );
};
export default kioskPlugin;
