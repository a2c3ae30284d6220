import { Command } from 'commander';
import { start } from '../../start.js';
import { reportError } from '../output.js';

export default function startCommand(): Command {
  return new Command('start').description('run the appliance (npm start)').action(async () => {
    try {
      await start();
    } catch (error) {
      process.exitCode = reportError(error, false);
    }
  });
}
