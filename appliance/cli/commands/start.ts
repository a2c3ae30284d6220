import { Command, Option } from 'commander';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealdeskHome } from '../../config/home.js';
import { startDemoHall, type DemoHall } from '../../hall/start-demo-hall.js';
import { isHallMessage, type DeskReply, type HallMembership, type TerminalRole } from '../../hall/hall-member.js';
import { startTerminalHall, terminalLabel, TERMINAL_READY, type TerminalReady } from '../../hall/start-terminal-hall.js';
import { chainError } from '../../ledger/chain/chain-error.js';
import { printTable, reportError } from '../output.js';
import { takeSecret } from '../../tokens/take-secret.js';
import { untilStopped } from '../until-stopped.js';

/** The demo tokens once each (a home from an earlier sealdesk has one token for every role). */
function hallTokens(hall: DemoHall): Array<{ role: string; label: string; pin: string }> {
  const seen = new Set<string>();
  const out: Array<{ role: string; label: string; pin: string }> = [];
  for (const [role, token] of Object.entries(hall.layout.tokens)) {
    if (seen.has(token.label)) continue;
    seen.add(token.label);
    out.push({ role, label: token.label, pin: token.pin });
  }
  return out;
}

const TOKEN_ROLES: Record<string, string> = { counter: '柜台 counter', kiosk: '自助 kiosk (open)', chain: '链 chain key (open)', ca: 'CA' };

/** Until SIGINT / SIGTERM, or, for a terminal a hall started, until that hall's process is gone. */
function untilStoppedOrOrphaned(): Promise<void> {
  if (!process.connected) return untilStopped();
  // the IPC channel holds the process open by itself: no keep-alive timer to clear afterwards
  return new Promise((resolve) => {
    process.once('SIGINT', resolve).once('SIGTERM', resolve).once('disconnect', resolve);
  });
}

/**
 * A terminal a hall of several started: its place in the hall, told by its options; the hall's
 * registry comes over the IPC channel once the desk deployed it, and the desk is asked the same
 * way to admit the hall's terminals.
 */
function hallMembership(role: TerminalRole, records: string): HallMembership {
  const registry = new Promise<`0x${string}`>((resolve) => {
    const listen = (message: unknown) => {
      if (!isHallMessage(message) || message.kind !== 'hall-registry') return;
      process.off('message', listen);
      resolve(message.registry);
    };
    process.on('message', listen);
  });
  return { role, name: process.env.SEALDESK_TERMINAL_ID ?? role, records, ...(role === 'desk' ? {} : { registry: () => registry }) };
}

/** The desk answers the hall's requests to admit its terminals, one at a time. */
function answerHall(hall: DemoHall): void {
  const admit = hall.admit;
  if (!admit) return;
  let queue = Promise.resolve();
  process.on('message', (message) => {
    if (!isHallMessage(message) || message.kind !== 'hall-admit') return;
    queue = queue.then(async () => {
      let reply: DeskReply;
      try {
        const started = Date.now();
        const admitted = await admit(message.members);
        console.log(`hall: ${admitted.registered} terminal(s) registered and ${admitted.granted} seal grant(s) decided on chain (block ${admitted.block}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        reply = { kind: 'hall-admitted', block: admitted.block };
      } catch (error) {
        const typed = chainError(error);
        reply = { kind: 'hall-admit-failed', code: typed.code, message: typed.messageEn };
      }
      process.send?.(reply);
    });
  });
}

async function startOne(port: number, chainRpcUrl: string | undefined, member?: { role: TerminalRole; records: string }): Promise<void> {
  const home = sealdeskHome();
  const hall = await startDemoHall(home, {
    port,
    log: (line) => console.log(line),
    ...(chainRpcUrl ? { chainRpcUrl, terminalId: process.env.SEALDESK_TERMINAL_ID ?? 'sealdesk' } : {}),
    ...(member ? { hall: hallMembership(member.role, member.records) } : {}),
  });
  const url = hall.url.replace(/\/$/, '');
  if (chainRpcUrl) {
    // a terminal of a hall of several: the hall prints the URLs and sign-ins
    answerHall(hall);
    const ready: TerminalReady = { url, signIns: hall.signIns, tokens: hallTokens(hall), ...(hall.member ? { member: hall.member } : {}) };
    console.log(TERMINAL_READY + JSON.stringify(ready));
  } else {
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
    for (const token of hallTokens(hall)) {
      console.log(`token "${token.label}" (${hall.layout.kind === 'legacy' ? 'every role' : TOKEN_ROLES[token.role]}) user PIN ${token.pin} (demo only)`);
    }
    console.log(`sealdesk: hall ready at ${url} (home ${home}); Ctrl+C stops it, the next start resumes it`);
  }
  await untilStoppedOrOrphaned();
  // Ctrl+C reaches the hall and its terminals alike, and the hall then sends SIGTERM: neither may cut the stop short
  const ignore = () => undefined;
  process.on('SIGINT', ignore).on('SIGTERM', ignore);
  await hall.stop();
  console.log('sealdesk: stopped');
  // an open IPC channel would keep this terminal's process running after its stop
  if (process.connected) process.disconnect();
}

/** Where each terminal's pages are: the desk administers, a counter stamps, the kiosk serves citizens. */
const PAGE = { desk: 'admin', counter: 'counter', kiosk: 'kiosk' } as const;

async function startHall(port: number, terminals: number): Promise<void> {
  const home = sealdeskHome();
  const hall = await startTerminalHall(home, { terminals, port, log: (line) => console.log(line) });
  try {
    console.log('');
    for (const t of hall.terminals) console.log(`${terminalLabel(t).padEnd(14)} ${t.url}/${PAGE[t.role]}   (verify ${t.url}/verify, home ${t.home})`);
    // the desk governs the others through the chain: its admin page's 终端 tab shows what it granted whom
    console.log(`the desk registered each terminal on chain and granted it the seals on its own token: 管理 desk → 终端 / Terminals`);
    console.log('');
    // each terminal has its own directory and tokens: its own sign-ins and PINs
    printTable(
      hall.terminals.flatMap((t) => t.signIns.map((s) => ({ terminal: t.name, role: s.role, username: s.username, secret: s.password ?? s.credential ?? '' }))),
      ['terminal', 'role', 'username', 'secret'],
    );
    const pins = [...new Set(hall.terminals.flatMap((t) => t.tokens.map((k) => `"${k.label}" ${k.pin}`)))];
    console.log(`tokens (each terminal its own SoftHSM, the same demo labels and PINs): ${pins.join(', ')} (demo only)`);
    console.log(`sealdesk: hall of ${hall.terminals.length} terminals ready on chain ${hall.rpcUrl} (home ${home}); Ctrl+C stops them all`);
    await untilStopped();
  } finally {
    await hall.stop();
    console.log('sealdesk: stopped');
  }
}

export default function startCommand(): Command {
  return new Command('start')
    .description('npm start: a whole simulated service hall (token, seals, chain, TSA, devices, printer, service) until Ctrl+C / 模拟大厅')
    .option('--port <n>', 'the service port (0 picks a free one); with --terminals, the desk’s, the others following it', '7700')
    .option('--terminals <n>', 'a hall of several appliances: the seal administration desk, N counters and a kiosk, each its own process, home, port and tokens, on one chain')
    // how a hall of several starts each of its terminals: join that chain node instead of starting one
    .addOption(new Option('--chain-rpc <url>').hideHelp())
    // … its role in the hall, and the hall's record store every terminal reads
    .addOption(new Option('--hall-role <role>').choices(['desk', 'counter', 'kiosk']).hideHelp())
    .addOption(new Option('--hall-records <dir>').hideHelp())
    .action(async (options: { port: string; terminals?: string; chainRpc?: string; hallRole?: TerminalRole; hallRecords?: string }) => {
      try {
        if (!/^\d+$/.test(options.port)) throw new SealdeskError('USAGE', { reason: '--port takes a port number', reasonZh: '--port 须为端口号' });
        if (options.terminals !== undefined && (!/^\d+$/.test(options.terminals) || Number(options.terminals) < 1 || Number(options.terminals) > 50)) {
          throw new SealdeskError('USAGE', { reason: '--terminals takes a number of counters from 1 to 50', reasonZh: '--terminals 须为 1 到 50 之间的柜台数' });
        }
        // the demo hall opens its token with the demo PIN: a SEALDESK_PIN set in this shell is not passed on to its children
        takeSecret('SEALDESK_PIN');
        if (options.terminals !== undefined && !options.chainRpc) await startHall(Number(options.port), Number(options.terminals));
        else await startOne(Number(options.port), options.chainRpc, options.chainRpc && options.hallRole && options.hallRecords ? { role: options.hallRole, records: options.hallRecords } : undefined);
      } catch (error) {
        process.exitCode = reportError(error, false);
      }
    });
}
