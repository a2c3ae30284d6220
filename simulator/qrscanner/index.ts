export { startSerialQrScanner, type SerialQrScanner, type SerialQrScannerOptions } from './serial-scanner.js';
export { HidQrScanner, startHidQrScanner, type HidQrScannerOptions } from './hid-scanner.js';
export { hidReports, KEY_UP, type Terminator, type UnicodeMode } from './hid-encode.js';
