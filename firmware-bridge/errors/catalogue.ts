/**
 * The one error catalogue of sealdesk. Every failure a user can meet has a stable code, an HTTP
 * status and a sentence a clerk can act on, in zh-CN and en. It lives in firmware-bridge because
 * that is the bottom layer: drivers, the appliance and the simulator can all import it.
 *
 * Sentences may name parameters as {name}; they are filled from the error's details.
 * They must never contain a PIN, an ID number or a name: details are for codes and counts.
 */
export interface CatalogueEntry {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export const catalogue = {
  // general
  USAGE: { status: 400, zh: '命令用法不正确：{reason}', en: 'Wrong usage: {reason}' },
  CONFIG_INVALID: { status: 500, zh: '配置无效：{reason}', en: 'The configuration is invalid: {reason}' },
  INPUT_INVALID: { status: 400, zh: '输入无效：{reason}', en: 'The input is invalid: {reason}' },
  FILE_NOT_FOUND: { status: 404, zh: '找不到文件：{path}', en: 'File not found: {path}' },
  INTERNAL: { status: 500, zh: '内部错误，请联系管理员。', en: 'Internal error; please call the administrator.' },

  // PKCS#11 module, slot, token
  MODULE_NOT_FOUND: {
    status: 503,
    zh: '找不到 PKCS#11 模块 {module}，请检查 Ukey 驱动是否已安装。',
    en: 'PKCS#11 module {module} not found; check that the USB key driver is installed.',
  },
  MODULE_LOAD_FAILED: {
    status: 503,
    zh: 'PKCS#11 模块 {module} 无法加载：{reason}',
    en: 'PKCS#11 module {module} could not be loaded: {reason}',
  },
  SLOT_NOT_FOUND: { status: 404, zh: '找不到卡槽 {slot}。', en: 'Slot {slot} not found.' },
  TOKEN_NOT_PRESENT: {
    status: 503,
    zh: '未检测到 Ukey（{token}），请插入后重试。',
    en: 'The USB key ({token}) is not present; insert it and try again.',
  },
  TOKEN_AMBIGUOUS: {
    status: 409,
    zh: '有多个 Ukey 符合条件（{token}），请用 --slot 或 --token 指定一个。',
    en: 'More than one USB key matches ({token}); choose one with --slot or --token.',
  },
  TOKEN_NOT_INITIALIZED: {
    status: 409,
    zh: 'Ukey 尚未初始化，请先由印章管理员初始化。',
    en: 'The USB key is not initialised; a seal administrator must initialise it first.',
  },
  TOKEN_WRITE_PROTECTED: { status: 409, zh: 'Ukey 处于写保护状态。', en: 'The USB key is write-protected.' },
  LOGIN_REQUIRED: {
    status: 401,
    zh: '请先输入 Ukey 口令登录。',
    en: 'Enter the USB key PIN to log in first.',
  },
  PIN_REQUIRED: {
    status: 400,
    zh: '需要口令：请设置 {variable} 环境变量，或在终端中运行以输入口令。',
    en: 'A PIN is needed: set {variable}, or run in a terminal to type it.',
  },
  PIN_NOT_INITIALIZED: {
    status: 409,
    zh: 'Ukey 的用户口令尚未设置，请印章管理员先设置（sealdesk token init-pin）。',
    en: 'The USB key has no user PIN yet; a seal administrator must set one (sealdesk token init-pin).',
  },
  PIN_INCORRECT: {
    status: 401,
    zh: '口令错误，还可尝试 {triesLeft} 次。',
    en: 'Wrong PIN; {triesLeft} tries left.',
  },
  PIN_LOCKED: {
    status: 423,
    zh: '口令已锁定，请印章管理员用管理员口令（SO PIN）解锁。',
    en: 'The PIN is locked; a seal administrator must unblock it with the SO PIN.',
  },
  PIN_POLICY: {
    status: 400,
    zh: '口令长度须在 {min} 到 {max} 位之间。',
    en: 'The PIN must be {min} to {max} characters long.',
  },
  KEY_NOT_FOUND: { status: 404, zh: 'Ukey 上找不到密钥 {key}。', en: 'Key {key} not found on the USB key.' },
  KEY_EXISTS: {
    status: 409,
    zh: 'Ukey 上已有名为 {key} 的密钥。',
    en: 'A key labelled {key} already exists on the USB key.',
  },
  MECHANISM_UNSUPPORTED: {
    status: 422,
    zh: '该 Ukey 不支持所需算法 {mechanism}。',
    en: 'The USB key does not support the mechanism {mechanism}.',
  },
  CERT_INVALID: { status: 400, zh: '证书无法解析：{reason}', en: 'The certificate cannot be parsed: {reason}' },
  CERT_KEY_MISMATCH: {
    status: 409,
    zh: '证书的公钥与密钥 {key} 不匹配。',
    en: 'The certificate does not belong to key {key}.',
  },
  DEVICE_ERROR: {
    status: 502,
    zh: 'Ukey 设备出错（{reason}），请重新插拔后重试。',
    en: 'The USB key reported an error ({reason}); re-insert it and try again.',
  },

  // serial / HID / TCP devices (firmware-bridge)
  DEVICE_TIMEOUT: {
    status: 504,
    zh: '设备 {device} 无响应，请检查连接。',
    en: 'Device {device} did not answer; check its cable.',
  },
  DEVICE_DISCONNECTED: {
    status: 503,
    zh: '设备 {device} 已断开连接。',
    en: 'Device {device} is disconnected.',
  },
  DEVICE_BUSY: { status: 409, zh: '设备 {device} 正忙。', en: 'Device {device} is busy.' },
  DEVICE_CANCELLED: { status: 499, zh: '设备操作已取消。', en: 'The device operation was cancelled.' },
  FRAME_CHECKSUM: {
    status: 502,
    zh: '设备 {device} 数据校验失败。',
    en: 'Device {device} sent a frame with a bad checksum.',
  },
  FRAME_TOO_LONG: {
    status: 502,
    zh: '设备 {device} 数据帧过长。',
    en: 'Device {device} sent a frame that is too long.',
  },
  DEVICE_PROTOCOL_ERROR: {
    status: 502,
    zh: '设备 {device} 返回了无法识别的应答（{reason}），请重启设备后重试。',
    en: 'Device {device} sent an answer that cannot be understood ({reason}); restart it and try again.',
  },
  NO_CARD: { status: 404, zh: '请将身份证放在读卡区。', en: 'Place the ID card on the reader.' },
  CARD_READ_FAILED: {
    status: 502,
    zh: '身份证读取失败，请重新放置后再试。',
    en: 'The ID card could not be read; place it again and retry.',
  },
  ID_NUMBER_INVALID: {
    status: 422,
    zh: '身份证号码校验失败。',
    en: 'The ID number failed its check.',
  },
  PRINTER_PAPER_OUT: {
    status: 503,
    zh: '打印机缺纸，请装纸后继续。',
    en: 'The printer is out of paper; load paper to continue.',
  },
  PRINTER_COVER_OPEN: {
    status: 503,
    zh: '打印机上盖打开，请合上后继续。',
    en: 'The printer cover is open; close it to continue.',
  },
  PRINTER_OFFLINE: { status: 503, zh: '打印机离线。', en: 'The printer is offline.' },
  PRINTER_UNREACHABLE: {
    status: 503,
    zh: '无法连接打印机 {printer}。',
    en: 'The printer {printer} cannot be reached.',
  },
  PRINTER_REJECTED_JOB: {
    status: 502,
    zh: '打印机拒绝了打印任务：{reason}',
    en: 'The printer rejected the job: {reason}',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof catalogue;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(catalogue, value);
}
