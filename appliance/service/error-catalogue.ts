/**
 * The whole error catalogue, for HTTP (error-body.ts) and the CLI (cli/output.ts): importing this
 * registers every layer's codes. A new errors.ts below the service is added to
 * document-pool/job-errors.ts (the catalogue test fails until it is).
 */
import '../document-pool/job-errors.js';
import './errors.js';

export { errorEntry, isErrorCode, registeredErrors } from '../../firmware-bridge/errors/catalogue.js';
