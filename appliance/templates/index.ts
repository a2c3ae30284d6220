/** Certificate templates (files an administrator can add) and the kiosk documents made from them. */
export { listTemplates, type StoredTemplate, type TemplateDirs, type TemplateList, type TemplateSource } from './list-templates.js';
export { loadTemplate } from './load-template.js';
export { addTemplate, type AddedTemplate } from './add-template.js';
export { removeTemplate, type RemovedTemplate } from './remove-template.js';
export { validateTemplate, parseTemplate } from './validate-template.js';
export { renderCertificate, type RenderedCertificate, type RenderOptions } from './render-certificate.js';
export { writeCertificate } from './write-certificate.js';
export { renderCertificateOfd, type OfdRenderOptions, type RenderedOfdCertificate } from './render-certificate-ofd.js';
export { paperCopy, type PaperMarks } from './paper-copy.js';
export { renderCertificateAs, type CertificateFile, type CertificateFormat } from './render-certificate-as.js';
export { holderFromCard, HOLDER_LABELS, type CertificateHolder } from './holder.js';
export type { CertificateData, CertificateOptions } from './certificate-values.js';
export { BUILT_IN_TEMPLATES_DIR, adminTemplatesDir } from './template-files.js';
export { TemplateSchema, FieldSchema, HOLDER_FIELDS, SYSTEM_FIELDS, type CertificateTemplate, type TemplateField, type TemplateBlock } from './template-schema.js';
