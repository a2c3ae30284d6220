// The entry of the simulated devices' own process, started by `npm start` beside its service as
// real devices are beside a real one. Plain JavaScript so that it starts the same whatever runs
// the parent (tsx, vitest): it registers tsx itself, then runs appliance/sim/device-process-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./device-process-main.ts');
