import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** PINs the appliance asks for before it reaches a token. */
export const tokenErrors = defineErrors('appliance/tokens', {
  PIN_REQUIRED: {
    status: 400,
    zh: '需要口令：请设置 {variable} 环境变量，或在终端中运行以输入口令。',
    en: 'A PIN is needed: set {variable}, or run in a terminal to type it.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/tokens': typeof tokenErrors;
  }
}
