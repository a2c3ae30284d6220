/**
 * The simulated hall devices: each speaks the real protocol on a real wire (a socat pty pair,
 * TCP, or, for HID which needs the missing /dev/uhid, an in-memory transport).
 * The IPP document printer (simulator/ipp-printer) is started from its own module.
 */
export * from './idcard/index.js';
export * from './receipt/index.js';
export * from './qrscanner/index.js';
export { openPtyPair, type PtyPair } from './pty/pty-pair.js';
export * as golden from './golden/index.js';
