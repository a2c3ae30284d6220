import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** Documents worked in the document pool. */
export const documentPoolErrors = defineErrors('appliance/document-pool', {
  SERVICE_BUSY: { status: 503, zh: '服务繁忙，请 {retryAfter} 秒后重试。', en: 'The service is busy; try again in {retryAfter} s.' },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/document-pool': typeof documentPoolErrors;
  }
}
