import { Command } from 'commander';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { serve } from '../../serve/serve.js';
import { reportError } from '../output.js';
import { untilStopped } from '../until-stopped.js';

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new SealdeskError('USAGE', { reason: '--port takes a port number (0 picks a free one)', reasonZh: '--port 须为端口号（0 表示自动选择空闲端口）' });
  return Number(value);
}

export default function serveCommand(): Command {
  return new Command('serve')
    .description('run the appliance on real tokens, devices and chain until Ctrl+C / 运行签章服务')
    .option('--config <file>', 'serve config (JSON: home, service, devices, tsaUrl, verifyBaseUrl, terminalId, unlockTokens); see README')
    .option('--host <address>', 'listen address (default 127.0.0.1; anything else needs service.tls)')
    .option('--port <n>', 'listen port (default 7700; 0 picks a free one)')
    .action(async (options: { config?: string; host?: string; port?: string }) => {
      try {
        const served = await serve({
          ...(options.config ? { configPath: options.config } : {}),
          ...(options.host ? { host: options.host } : {}),
          ...(options.port !== undefined ? { port: portOf(options.port)! } : {}),
          log: (line) => console.log(line),
        });
        console.log(`sealdesk: serving ${served.url} (home ${served.home})`);
        await untilStopped();
        await served.stop();
        console.log('sealdesk: stopped');
      } catch (error) {
        process.exitCode = reportError(error, false);
      }
    });
}
