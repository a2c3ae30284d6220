import { request } from 'node:http';
import { SealdeskError, type ErrorBody } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { ErrorCode } from '../../firmware-bridge/errors/catalogue.js';
import { readSimState } from './sim-state.js';

/** Sends one control action (e.g. "card/remove") to the `sim up` running under this SEALDESK_HOME. */
export async function simControl(home: string, action: string, body: unknown = {}): Promise<unknown> {
  const state = await readSimState(home);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: state.controlPort, method: 'POST', path: `/${action}`, headers: { 'content-type': 'application/json' }, timeout: 5000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const parsed = (text ? JSON.parse(text) : {}) as { error?: ErrorBody };
          if (parsed.error) reject(new SealdeskError(parsed.error.code as ErrorCode, parsed.error.details));
          else resolve(parsed);
        });
      },
    );
    // A sim.json left by a killed `sim up` points at nothing: say so rather than ECONNREFUSED.
    req.on('error', () => reject(new SealdeskError('USAGE', { reason: 'the simulators recorded in sim.json are not running: start them with `sealdesk sim up`', reasonZh: 'sim.json 中记录的模拟器未在运行，请先运行 `sealdesk sim up` 启动' })));
    req.on('timeout', () => req.destroy());
    req.end(payload);
  });
}
