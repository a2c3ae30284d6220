import { existsSync } from 'node:fs';
import { Module as GrapheneModule } from 'graphene-pk11';
import pkcs11js from 'pkcs11js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { ckrOf } from './ckr.js';
import { needsReinitializeToRescan } from './module-paths.js';

/**
 * One loaded PKCS#11 module (a .so from a USB key vendor, an HSM, or SoftHSM).
 * `generation` counts initialisations: sessions and object handles from an earlier generation
 * are dead, which is how a re-initialisation invalidates them cleanly.
 */
export class Module {
  readonly path: string;
  readonly rescanByReinitialize: boolean;
  #graphene: GrapheneModule;
  #generation = 0;
  #initialized = false;
  #users = 0;
  // One Module per path per process: a module is initialised once and shared by its users.
  static #loaded = new Map<string, Module>();

  private constructor(path: string, graphene: GrapheneModule, rescanByReinitialize: boolean) {
    this.path = path;
    this.#graphene = graphene;
    this.rescanByReinitialize = rescanByReinitialize;
  }

  static load(path: string, options: { rescanByReinitialize?: boolean } = {}): Module {
    const loaded = Module.#loaded.get(path);
    if (loaded) {
      loaded.#users++;
      return loaded;
    }
    if (!existsSync(path)) throw new SealdeskError('MODULE_NOT_FOUND', { module: path });
    let graphene: GrapheneModule;
    try {
      graphene = GrapheneModule.load(path);
    } catch (error) {
      throw new SealdeskError('MODULE_LOAD_FAILED', { module: path, reason: (error as Error).message }, { cause: error });
    }
    const module = new Module(path, graphene, options.rescanByReinitialize ?? needsReinitializeToRescan(path));
    module.initialize();
    module.#users = 1;
    Module.#loaded.set(path, module);
    return module;
  }

  get graphene(): GrapheneModule {
    return this.#graphene;
  }

  get lib(): pkcs11js.PKCS11 {
    return this.#graphene.lib;
  }

  get generation(): number {
    return this.#generation;
  }

  /** C_Initialize with OS locking: signatures run on libuv worker threads while others go on. */
  initialize(): void {
    try {
      this.#graphene.lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      if (ckrOf(error) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        throw new SealdeskError('MODULE_LOAD_FAILED', { module: this.path, reason: (error as Error).message }, { cause: error });
      }
    }
    this.#initialized = true;
    this.#generation++;
  }

  /** C_Finalize + C_Initialize: every session closes; the module sees tokens as they are now. */
  reinitialize(): void {
    this.finalize();
    this.initialize();
  }

  /** One user is done with the module; the last one finalises it. */
  release(): void {
    if (--this.#users > 0) return;
    Module.#loaded.delete(this.path);
    this.finalize();
  }

  finalize(): void {
    if (!this.#initialized) return;
    this.#initialized = false;
    try {
      this.#graphene.lib.C_Finalize();
    } catch {
      // A module that fails to finalize is being dropped anyway.
    }
  }

  /** Slot ids (as the module's handles), with or without a token present. */
  slotIds(tokenPresent = false): Buffer[] {
    return this.#graphene.lib.C_GetSlotList(tokenPresent);
  }

  /**
   * C_WaitForSlotEvent without blocking: true when the module reported a slot event. pkcs11js has
   * no asynchronous form, so a blocking wait would stall the event loop; the watcher polls instead.
   * Modules without the function (SoftHSM) just report nothing.
   */
  pollSlotEvent(): boolean {
    try {
      return this.#graphene.lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK) !== null;
    } catch {
      return false;
    }
  }
}
