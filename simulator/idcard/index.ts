export { startIdCardReader, type IdCardReader, type IdCardReaderOptions } from './reader.js';
export type { IdCardFaults } from './faults.js';
export { sampleCitizen, type Identity } from './identity.js';
export { idCheckCharacter, makeIdNumber, withWrongCheckCharacter } from './id-number.js';
export { encodeTextBlock } from './text-block.js';
