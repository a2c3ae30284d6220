import { afterAll } from 'vitest';
import { runAfterFile } from './after-file.js';

// registered before the test file's own hooks: vitest runs afterAll hooks last-registered first, so this runs last
afterAll(runAfterFile, 120_000);
