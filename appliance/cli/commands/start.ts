import { Command } from 'commander';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealdeskHome } from '../../config/home.js';
import { startDemoHall } from '../../hall/start-demo-hall.js';
import { printTable, reportError } from '../output.js';
import { takeSecret } from '../../tokens/take-secret.js';
import { untilStopped } from '../until-stopped.js';

export default function startCommand(): Command {
  return new Command('start')
    .description('npm start: a whole simulated service hall (token, seals, chain, TSA, devices, printer, service) until Ctrl+C / 模拟大厅')
    .option('--port <n>', 'the service port (0 picks a free one)', '7700')
    .action(async (options: { port: string }) => {
      try {
        if (!/^\d+$/.test(options.port)) throw new SealdeskError('USAGE', { reason: '--port takes a port number', reasonZh: '--port 须为端口号' });
        const home = sealdeskHome();
        // the demo hall opens its token with the demo PIN: a SEALDESK_PIN set in this shell is not passed on to its children
        takeSecret('SEALDESK_PIN');
        const hall = await startDemoHall(home, { port: Number(options.port), log: (line) => console.log(line) });
        const url = hall.url.replace(/\/$/, '');
        console.log('');
        console.log(`柜台 counter  ${url}/counter`);
        console.log(`自助 kiosk    ${url}/kiosk`);
        console.log(`管理 admin    ${url}/admin`);
        console.log(`验真 verify   ${url}/verify`);
        console.log(`API           ${url}/docs`);
        console.log('');
        printTable(
          hall.signIns.map((s) => ({ role: s.role, username: s.username, secret: s.password ?? s.credential ?? '' })),
          ['role', 'username', 'secret'],
        );
        // one line per token (a home from an earlier sealdesk has one token for every role)
        const roles = { counter: '柜台 counter', kiosk: '自助 kiosk (open)', chain: '链 chain key (open)', ca: 'CA' } as const;
        const seen = new Set<string>();
        for (const [role, token] of Object.entries(hall.layout.tokens) as Array<[keyof typeof roles, { label: string; pin: string }]>) {
          if (seen.has(token.label)) continue;
          seen.add(token.label);
          console.log(`token "${token.label}" (${hall.layout.kind === 'legacy' ? 'every role' : roles[role]}) user PIN ${token.pin} (demo only)`);
        }
        console.log(`sealdesk: hall ready at ${url} (home ${home}); Ctrl+C stops it, the next start resumes it`);
        await untilStopped();
        await hall.stop();
        console.log('sealdesk: stopped');
      } catch (error) {
        process.exitCode = reportError(error, false);
      }
    });
}
