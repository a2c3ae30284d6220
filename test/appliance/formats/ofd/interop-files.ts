import { interopPath } from '../../../helpers/interop.js';

/** One of ofdrw's files (see test/helpers/interop.ts); the test fails loudly when it is not there. */
export const ofdrwFile = (name: string): string => interopPath(`ofdrw/${name}`);
