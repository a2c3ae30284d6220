import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The HTTP service: requests, hosts and origins, uploads, stamp jobs, kiosk and counter checks. */
export const serviceErrors = defineErrors('appliance/service', {
  STAMP_PIN_REQUIRED: {
    status: 400,
    zh: '每次盖章都须输入 Ukey 口令。',
    en: 'Every stamp needs the USB key PIN; enter it.',
  },
  DEVICE_NOT_FITTED: {
    status: 503,
    zh: '本终端未配置{device}设备，请联系管理员。',
    en: 'No {device} device is fitted to this terminal; call the administrator.',
  },
  CARD_NOT_READ: {
    status: 409,
    zh: '请先读取身份证（读取后 5 分钟内有效）。',
    en: 'Read the ID card first (a reading is good for 5 minutes).',
  },
  KIOSK_NO_SEAL: {
    status: 409,
    zh: '本终端没有可用于“{template}”的印章，请到窗口办理。',
    en: 'This kiosk holds no seal for "{template}"; please go to a counter.',
  },
  // ofdwire: a template format the kiosk does not issue (it issues PDF and, with an e-seal, OFD: kioskofd)
  KIOSK_FORMAT_UNSUPPORTED: {
    status: 409,
    zh: '自助终端暂不能出具 {format} 格式的“{template}”，请到窗口办理。',
    en: 'This kiosk cannot yet issue "{template}" as {format}; please go to a counter.',
  },
  // kioskofd: a kiosk issuing its certificate as OFD (GB/T 33190, stamped with a GB/T 38540 e-seal)
  KIOSK_ESEAL_REQUIRED: {
    status: 409,
    zh: '“{template}”以 OFD 电子证照出具，但本终端的印章“{seal}”不是国标（GB/T 38540）电子印章，请到窗口办理。',
    en: 'The certificate "{template}" is issued as an OFD e-licence, but this kiosk’s seal "{seal}" is no GB/T 38540 e-seal; please go to a counter.',
  },
  KIOSK_SEAL_NOT_SM2: {
    status: 409,
    zh: '“{template}”以 OFD 电子证照出具，须用 SM2 密钥盖章，但本终端的印章“{seal}”的密钥是 {algorithm}，请到窗口办理。',
    en: 'The certificate "{template}" is issued as an OFD e-licence, which needs an SM2 key, but this kiosk’s seal "{seal}" has {algorithm}; please go to a counter.',
  },
  PRINT_COPY_MISSING: {
    status: 409,
    zh: '该 {format} 文件没有可打印的 PDF 版式副本（文件打印机只接受 PDF），请在窗口打印。',
    en: 'This {format} document has no PDF copy to print (the document printer takes PDF only); print it at a counter.',
  },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口：{method} {url}', en: 'No such route: {method} {url}' },
  JSON_MALFORMED: { status: 400, zh: '请求内容不是有效的 JSON：{reason}', en: 'The request body is not valid JSON: {reason}' },
  REQUEST_INVALID: { status: 400, zh: '请求不符合要求：{reason}', en: 'The request is not valid: {reason}' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大，上限 {limit} 字节。', en: 'The upload is too large; the limit is {limit} bytes.' },
  FILE_NAME_INVALID: { status: 400, zh: '文件名不允许：{reason}', en: 'The file name is not allowed: {reason}' },
  DOCUMENT_NOT_FOUND: { status: 404, zh: '找不到文档 {document}。', en: 'Document {document} not found.' },
  STAMP_NOT_FOUND: { status: 404, zh: '找不到盖章记录 {stamp}。', en: 'Stamp {stamp} not found.' },
  STAMP_IN_PROGRESS: { status: 409, zh: '该盖章请求正在处理，请稍后查看结果。', en: 'This stamp request is still being processed; check its result shortly.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该幂等键已用于另一份不同的盖章请求，请换一个键。',
    en: 'This idempotency key was used for a different stamp request; use a new key.',
  },
  TLS_REQUIRED: {
    status: 500,
    zh: '服务只能在本机地址上不加密运行；要监听 {host}，请在配置中提供 TLS 证书和私钥。',
    en: 'The service runs without TLS only on a loopback address; to listen on {host}, configure a TLS certificate and key.',
  },
  HOST_NOT_ALLOWED: {
    status: 421,
    zh: '此服务不以主机名 {host} 提供；请用本机地址或管理员配置的名称访问。',
    en: 'This service is not served under the host name {host}; use the loopback address or a name the administrator configured.',
  },
  ORIGIN_REFUSED: {
    status: 403,
    zh: '来自其他网页（{origin}）的更改请求被拒绝；请在 sealdesk 自己的页面上操作。',
    en: 'A change requested from another web page ({origin}) was refused; use sealdesk’s own pages.',
  },
  STAMP_INTERRUPTED: {
    status: 503,
    zh: '盖章时终端重启，本次未盖章、未留下文件，请重新盖章。',
    en: 'The terminal restarted while this stamp was running; nothing was stamped and no file was kept. Stamp the document again.',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请 {retryAfter} 秒后重试。', en: 'Too many requests; try again in {retryAfter} s.' },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/service': typeof serviceErrors;
  }
}
