import { readFileSync } from 'node:fs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** A file the administrator named, or FILE_NOT_FOUND with its path. */
export function readInputFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error });
  }
}
