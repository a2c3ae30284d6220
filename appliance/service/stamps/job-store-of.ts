import type { ServiceContext } from '../service-context.js';
import { JobStore } from './job-store.js';

// one store per service: the stamps and kiosk plugins must see the same jobs and the same running attempts
const stores = new WeakMap<ServiceContext, JobStore>();

export function jobStoreOf(context: ServiceContext): JobStore {
  let store = stores.get(context);
  if (!store) {
    store = new JobStore(context.workDir);
    stores.set(context, store);
  }
  return store;
}
