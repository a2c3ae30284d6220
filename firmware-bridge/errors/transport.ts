import { defineErrors } from './catalogue.js';

/** Serial, HID and TCP devices as firmware-bridge sees them: links, frames, timeouts, cancels. */
export const transportErrors = defineErrors('firmware-bridge/transport', {
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
});

declare module './catalogue.js' {
  interface ErrorCatalogue {
    'firmware-bridge/transport': typeof transportErrors;
  }
}
