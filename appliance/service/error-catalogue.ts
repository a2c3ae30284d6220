/**
 * The whole error catalogue, for HTTP (error-body.ts) and the CLI (cli/output.ts): importing this
 * registers every layer's codes. A new errors.ts is added here (the catalogue test fails until it is).
 */
import '../../firmware-bridge/errors/general.js';
import '../../firmware-bridge/errors/transport.js';
import '../../drivers/pkcs11/errors.js';
import '../../drivers/idcard/errors.js';
import '../../drivers/receipt/errors.js';
import '../../drivers/docprinter/errors.js';
import '../directory/errors.js';
import '../tokens/errors.js';
import '../pdf/errors.js';
import '../documents/errors.js';
import '../formats/errors.js';
import '../pades/errors.js';
import '../seals/errors.js';
import '../ca/errors.js';
import '../stamping/errors.js';
import '../verification/errors.js';
import '../templates/errors.js';
import '../ledger/errors.js';
import '../audit/errors.js';
import '../licences/errors.js';
import '../document-pool/errors.js';
import './errors.js';

export { errorEntry, isErrorCode, registeredErrors } from '../../firmware-bridge/errors/catalogue.js';
