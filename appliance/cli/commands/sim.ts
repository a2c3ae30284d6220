import { Command } from 'commander';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealdeskHome } from '../../config/home.js';
import { DEVICE_KIND_NAMES, DEVICE_KINDS } from '../../devices/device-kinds.js';
import { simControl } from '../../sim/control-client.js';
import { runSimulators } from '../../sim/run-simulators.js';
import type { SimState } from '../../sim/sim-state.js';
import { deviceAction } from '../device-action.js';
import { printJson, printTable } from '../output.js';

interface JsonOption {
  json?: boolean;
}

/** `sim card …`, `sim paper …`: one control action, its answer printed. */
function control(name: string, choices: readonly string[], describe: string, extra?: (c: Command) => Command): Command {
  const command = new Command(name).description(describe).argument('<what>', choices.join(' | ')).option('--json', 'machine-readable output');
  (extra ? extra(command) : command).action(
    deviceAction<JsonOption & Record<string, string | boolean | undefined>>(async (options, args) => {
      const what = args[0] as string;
      if (!choices.includes(what)) throw new SealdeskError('USAGE', { reason: `sim ${name} takes ${choices.join(' or ')}, not "${what}"`, reasonZh: `sim ${name} 只接受 ${choices.join(' 或 ')}，而不是“${what}”` });
      const { json: _json, ...body } = options;
      const answer = await simControl(sealdeskHome(), `${name}/${what}`, body);
      if (options.json) return printJson(answer);
      console.log(`${name} ${what}: ok`);
    }),
  );
  return command;
}

export default function simCommand(): Command {
  const sim = new Command('sim').description('simulated hall devices on real ptys plus a real IPP printer, for trials and tests / 模拟外设');

  sim
    .command('up')
    .description('start every simulated device and keep them running until Ctrl+C (SIGINT) or SIGTERM')
    .option('--no-ipp', 'without the IPP document printer (ippeveprinter)')
    .option('--json', 'print the paths and URIs as JSON')
    .action(
      deviceAction<JsonOption & { ipp: boolean }>(async (options) => {
        const home = sealdeskHome();
        // Installed before the slow start, so a stop during it still closes what was started.
        let stopRequested = false;
        let wake: () => void = () => undefined;
        const stop = () => ((stopRequested = true), wake());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);

        const running = await runSimulators(home, { ipp: options.ipp });
        const state: SimState = running.state;
        try {
          if (options.json) printJson(state);
          else
            printTable(
              [
                ...DEVICE_KIND_NAMES.map((kind) => ({ device: kind, 'path / uri': state.connections[DEVICE_KINDS[kind].configKey] })),
                { device: 'receipt PNGs', 'path / uri': state.receiptsDir },
                { device: 'control', 'path / uri': `http://127.0.0.1:${state.controlPort}/` },
              ],
              ['device', 'path / uri'],
            );
          if (!stopRequested) await new Promise<void>((resolve) => (wake = resolve));
        } finally {
          await running.stop();
        }
      }),
    );

  sim.addCommand(control('card', ['insert', 'remove'], 'put a card on the simulated reader (sample citizen, or --name/--id-number) or take it away', (c) =>
    c.option('--name <name>', 'name on the inserted card').option('--id-number <number>', 'ID number on the inserted card'),
  ));
  sim.addCommand(control('paper', ['out', 'in'], 'run the simulated receipt printer out of paper, or load paper'));
  sim.addCommand(control('reader', ['unplug', 'plug'], 'pull the simulated ID-card reader’s cable, or plug it back in (same path)'));
  sim
    .command('scan')
    .description('make the simulated QR scanner read this text')
    .argument('<text>')
    .option('--json', 'machine-readable output')
    .action(
      deviceAction<JsonOption>(async (options, args) => {
        const answer = await simControl(sealdeskHome(), 'scan', { text: args[0] });
        if (options.json) printJson(answer);
      }),
    );
  return sim;
}
