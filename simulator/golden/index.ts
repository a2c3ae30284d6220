export * from './sam-vectors.js';
export * from './escpos-vectors.js';
export { hex } from './hex.js';
