#!/usr/bin/env node
// The `sealdesk` command. The sources are TypeScript run through tsx's loader, so a fresh clone
// needs no build step before `npm start`, `npm test` or the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../appliance/cli/main.ts');
