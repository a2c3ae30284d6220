/**
 * Every code a document job can meet: the codes of every layer below the service, registered in
 * the worker thread too. A document worker is a thread of its own, with its own module registry:
 * a code thrown there that no import registered would read "not registered" in the verification
 * report it sends back (its sentences are made in the worker). The service's catalogue
 * (service/error-catalogue.ts) is this plus the service's own codes.
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
import '../eseals/errors.js';
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
