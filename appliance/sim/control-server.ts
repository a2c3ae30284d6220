import { createServer, type Server } from 'node:http';
import { SealdeskError, isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** A control action: gets the JSON body, returns (or resolves with) what to answer. */
export type ControlAction = (body: Record<string, unknown>) => unknown;

/**
 * The channel `sealdesk sim card …` / `sim paper …` use to reach a running `sim up`: HTTP POST
 * /ACTION with a JSON body on 127.0.0.1 at an ephemeral port (recorded in sim.json). Loopback
 * only, so nothing off the machine can steer the simulators; HTTP so curl works too.
 */
export async function startControlServer(actions: Readonly<Record<string, ControlAction>>): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      if (text.length + c.length <= 65_536) text += c; // a control body is a few bytes; never buffer more
    });
    req.on('end', () => {
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const action = actions[(req.url ?? '/').slice(1)];
      if (req.method !== 'POST' || action === undefined) {
        return reply(404, { error: new SealdeskError('USAGE', { reason: `no simulator action ${req.url ?? ''}`, reasonZh: `模拟器没有此操作：${req.url ?? ''}` }).toJSON() });
      }
      Promise.resolve()
        .then(() => action(text ? (JSON.parse(text) as Record<string, unknown>) : {}))
        .then(
          (answer) => reply(200, answer ?? {}),
          (error: unknown) => {
            const typed = isSealdeskError(error) ? error : new SealdeskError('INPUT_INVALID', { reason: String(error) });
            reply(typed.status, { error: typed.toJSON() });
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
