import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS } from '../../appliance/cli/command-groups.js';

describe('the command registry', () => {
  it('lists every group file of appliance/cli/commands, in order, once', () => {
    const files = readdirSync(new URL('../../appliance/cli/commands/', import.meta.url))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(COMMAND_GROUPS.map((g) => g.name)).toEqual(files);
  });
});
