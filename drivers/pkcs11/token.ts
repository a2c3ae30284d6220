import { randomBytes } from 'node:crypto';
import { Slot, UserType, type Session } from 'graphene-pk11';
import { SealdeskError, type ErrorDetails } from '../../firmware-bridge/errors/sealdesk-error.js';
// certificate-request.js and certificates.js are imported where used: their X.509 library (with
// tsyringe and reflect-metadata) is a tenth of `sealdesk stamp`'s start, and signing needs none of it
import type { CertificateDescription } from './certificates.js';
import { ckrOf, fromPkcs11, PRESENCE_SUSPECT } from './ckr.js';
import { generateKeyPair } from './key-generation.js';
import { describeKey, findKey, findKeyObjects, publicKeySpki, type KeyDescription, type KeyObjects } from './key-objects.js';
import { keySpec, type KeyType } from './key-types.js';
import type { Module } from './module.js';
import type { PinGuard, PinRole } from './pin-guard.js';
import { loginInChild } from './pin-login.js';
import { destroyPinVerifier, makePinVerifier, pinMatches, type PinVerifier } from './pin-verifier.js';
import { aesGcmDecrypt, aesGcmEncrypt, findAesKey, findOrGenerateAesKey } from './secret-key.js';
import { SessionPool } from './session-pool.js';
import { HASHES, resolveSignatureAlgorithm, type AlgorithmId, type HashName, type SignatureAlgorithm, type SignScheme } from './signature-algorithms.js';
import { signDigestOnToken, type Signature } from './signing.js';
import { readTokenInfo, type TokenInfo } from './token-info.js';
import { sm2ProfileFor, withSm2Id, type Sm2Profile } from './sm2-profiles.js';
import { sm2PointOfSpki } from './sm2-public-key.js';
import { sm2Z } from './sm2.js';
import { generateSm2KeyPair, signSm2OnToken } from './sm2-token.js';
import pkcs11js from 'pkcs11js';

export interface TokenHost {
  readonly guard: PinGuard;
  readonly poolSize: number;
  /** The SM2 vendor profile named in configuration (`token.sm2Profile`); else chosen by token info. */
  readonly sm2Profile?: string;
  /** The SM2 distinguishing ID configured for seals (`token.sm2Id`); GM/T 0009's default otherwise. */
  readonly sm2Id?: string;
  /** Re-initialises the module if that loses nothing (see Pkcs11.rescan); true when it did. */
  rescan(module: Module, options?: { force?: boolean }): boolean;
  /** Unattended tokens being logged back in after a re-initialisation: operations start after it. */
  settling(): Promise<void> | undefined;
}

/** An algorithm from the table (signature-algorithms.ts), or the key's default with scheme and/or hash put in. */
export interface SignOptions {
  algorithm?: AlgorithmId | SignatureAlgorithm;
  scheme?: SignScheme;
  hash?: HashName;
}

/**
 * One token (USB key, HSM partition, SoftHSM token), known by its serial number across
 * re-insertion. Operations lease a session from the token's pool; a token that went away fails
 * them with TOKEN_NOT_PRESENT and drops its sessions and login, and works again once it is back
 * (after a new C_Login: the PIN is never kept to log in again by itself).
 */
export class Token {
  readonly module: Module;
  readonly serial: string;
  #host: TokenHost;
  #slotId: Buffer;
  #label: string;
  #generation: number;
  #pool: SessionPool;
  #loggedIn = false;
  #inFlight = 0;
  #present = true;
  // the HMAC of the PIN of the current login, keyed on the token (see pin-verifier.ts)
  #verifier: PinVerifier | undefined;
  // Key objects and their description by label: attribute reads cost a token round trip each.
  #keys = new Map<string, { objects: KeyObjects; description: KeyDescription; sm2Z?: { id: string; z: Buffer } }>();
  // this token's SM2 vendor profile, found once (null: none fits, SM2 keys are refused with SM2_PROFILE_MISSING)
  #sm2: Sm2Profile | null | undefined;

  constructor(module: Module, slotId: Buffer, info: TokenInfo, host: TokenHost) {
    this.module = module;
    this.serial = info.serial;
    this.#label = info.label;
    this.#slotId = slotId;
    this.#host = host;
    this.#generation = module.generation;
    this.#pool = this.#newPool();
  }

  get label(): string {
    return this.#label;
  }

  get slotId(): Buffer {
    return this.#slotId;
  }

  get isLoggedIn(): boolean {
    return this.#loggedIn;
  }

  /** Sessions this token holds open now (at most the pool size). */
  get openSessions(): number {
    return this.#pool.openCount;
  }

  /** Operations running right now; the module is not re-initialised under them. */
  get inFlight(): number {
    return this.#inFlight;
  }

  #newPool(): SessionPool {
    return new SessionPool(new Slot(this.#slotId, this.module.graphene, this.module.lib), this.#host.poolSize);
  }

  #name(): string {
    return this.#label || this.serial;
  }

  /** Token info straight from the token, or undefined when it is not there (any more). */
  probe(): TokenInfo | undefined {
    try {
      const info = readTokenInfo(this.module.lib, this.#slotId);
      return info.serial === this.serial ? info : undefined;
    } catch {
      return undefined;
    }
  }

  info(): TokenInfo {
    this.#ensureCurrent();
    const info = this.probe();
    if (!info) throw this.#gone();
    this.#label = info.label;
    return info;
  }

  #gone(cause?: unknown): SealdeskError {
    this.#drop();
    this.#present = false;
    return new SealdeskError('TOKEN_NOT_PRESENT', { token: this.#name() }, { cause });
  }

  /** The module was re-initialised: this insertion's sessions and login are gone (found again at next use). */
  forget(): void {
    this.#drop();
  }

  /** Forget sessions, key handles and login: the token is gone or the module was re-initialised. */
  #drop(): void {
    this.#pool.abandon(new SealdeskError('TOKEN_NOT_PRESENT', { token: this.#name() }));
    this.#keys.clear();
    this.#loggedIn = false;
    this.#verifier = undefined;
  }

  /**
   * Makes sure the token is where we think it is. When it is not (pulled, or the module was
   * re-initialised and slot ids may have changed), drop what belonged to the old insertion and
   * look for the token by serial, asking the host to rescan modules that need it.
   */
  #ensureCurrent(): void {
    if (this.#generation === this.module.generation && this.#present) return;
    this.#drop();
    // this token was pulled: look for it again even if that logs other tokens out
    if (this.#generation === this.module.generation) this.#host.rescan(this.module, { force: true });
    this.#generation = this.module.generation;
    for (const slotId of this.module.slotIds(true)) {
      try {
        if (readTokenInfo(this.module.lib, slotId).serial !== this.serial) continue;
      } catch {
        continue; // a broken slot: not ours
      }
      this.#slotId = slotId;
      this.#pool = this.#newPool();
      this.#present = true;
      return;
    }
    this.#present = false;
    throw new SealdeskError('TOKEN_NOT_PRESENT', { token: this.#name() });
  }

  /**
   * Runs one operation on a leased session; maps failures, telling a vanished token from the
   * rest. Signing relies on the failure to notice a pulled key (no extra round trip on the hot
   * path); listings ask the token first, as a pulled SoftHSM token just lists nothing.
   */
  async #run<T>(context: ErrorDetails, operation: (session: Session) => T | Promise<T>, checkPresence = false): Promise<T> {
    const settling = this.#host.settling();
    if (settling) await settling;
    this.#ensureCurrent();
    if (checkPresence && !this.probe()) throw this.#gone();
    this.#inFlight++;
    try {
      return await this.#pool.use(operation);
    } catch (error) {
      if (error instanceof SealdeskError && error.code !== 'KEY_NOT_FOUND') throw error;
      const code = ckrOf(error);
      const suspect = (code !== undefined && PRESENCE_SUSPECT.has(code)) || (error instanceof SealdeskError && error.code === 'KEY_NOT_FOUND');
      if (suspect && !this.probe()) throw this.#gone(error);
      if (code === pkcs11js.CKR_OBJECT_HANDLE_INVALID || code === pkcs11js.CKR_KEY_HANDLE_INVALID) this.#keys.clear();
      if (code === pkcs11js.CKR_USER_NOT_LOGGED_IN) {
        this.#loggedIn = false;
        this.#verifier = undefined;
      }
      throw fromPkcs11(error, { token: this.#name(), ...context });
    } finally {
      this.#inFlight--;
    }
  }

  #checkPinLength(pin: string, info: TokenInfo): void {
    if (pin.length < info.minPinLen || pin.length > info.maxPinLen) {
      throw new SealdeskError('PIN_POLICY', { min: info.minPinLen, max: info.maxPinLen });
    }
  }

  #checkNotLocked(info: TokenInfo, role: PinRole): void {
    const lockedByToken = role === 'user' ? info.flags.userPinLocked : info.flags.soPinLocked;
    if (lockedByToken || this.#host.guard.isLocked(this.serial, role)) throw new SealdeskError('PIN_LOCKED');
  }

  #triesLeft(info: TokenInfo | undefined, role: PinRole): number {
    const finalTry = role === 'user' ? info?.flags.userPinFinalTry : info?.flags.soPinFinalTry;
    const ours = this.#host.guard.triesLeft(this.serial, role);
    return finalTry ? Math.min(1, ours) : ours;
  }

  /**
   * C_Login with a PIN checked against the token's length policy and the retry guard. A wrong
   * PIN counts against the guard; the last allowed failure reports PIN_LOCKED.
   */
  async #loginAs(session: Session, role: PinRole, pin: string): Promise<void> {
    const info = this.info();
    if (!info.flags.initialized) throw new SealdeskError('TOKEN_NOT_INITIALIZED');
    this.#checkNotLocked(info, role);
    this.#checkPinLength(pin, info);
    try {
      session.login(pin, role === 'user' ? UserType.USER : UserType.SO);
    } catch (error) {
      const code = ckrOf(error);
      if (code === pkcs11js.CKR_PIN_INCORRECT) {
        const left = this.#host.guard.recordFailure(this.serial, role);
        const tokenSays = this.probe();
        if (left === 0 || tokenSays?.flags.userPinLocked) throw new SealdeskError('PIN_LOCKED', {}, { cause: error });
        throw new SealdeskError('PIN_INCORRECT', { triesLeft: this.#triesLeft(tokenSays, role) }, { cause: error });
      }
      if (code === pkcs11js.CKR_PIN_LOCKED) throw new SealdeskError('PIN_LOCKED', {}, { cause: error });
      throw fromPkcs11(error, { token: this.#name(), minPinLen: info.minPinLen, maxPinLen: info.maxPinLen });
    }
    this.#host.guard.reset(this.serial, role);
  }

  /**
   * Logs the user in for every session of this token. The PIN goes to C_Login, and to the token's
   * own HMAC that makes this login's PIN verifier (see checkPin); it is kept nowhere.
   */
  async login(pin: string): Promise<void> {
    await this.#run({}, async (session) => {
      if (this.#loggedIn) this.#logoutQuietly(session);
      this.#verifier = undefined;
      // handles of private objects found in an earlier login are not valid in this one
      this.#keys.clear();
      await this.#loginAs(session, 'user', pin);
      try {
        this.#verifier = makePinVerifier(this.module.lib, session.handle, pin);
      } catch {
        // a token without CKM_SHA256_HMAC or session secret keys: logged in, but checkPin cannot answer
        this.#verifier = undefined;
      }
    });
    this.#loggedIn = true;
  }

  /** True when the open token can check a PIN without C_Login (its login made a verifier). */
  get canCheckPin(): boolean {
    return this.#loggedIn && this.#verifier !== undefined;
  }

  /**
   * Checks a PIN typed for an operation on the open token, without C_Login here (by the login's
   * HMAC verifier, or on a key without HMAC by C_Login in a child process): the token stays open
   * whatever the answer. A wrong PIN counts against the retry guard as a failed C_Login would
   * (PIN_INCORRECT with the tries left, PIN_LOCKED at the last), a right one resets it.
   */
  async checkPin(pin: string): Promise<void> {
    this.#requireLogin();
    const verifier = this.#verifier;
    if (!verifier) return this.#checkPinByLogin(pin);
    const guard = this.#host.guard;
    const failures = guard.failures(this.serial, 'user');
    if (failures >= guard.maxTries) throw new SealdeskError('PIN_LOCKED');
    const matches = await this.#run({}, (session) => pinMatches(this.module.lib, session.handle, verifier, pin));
    if (matches) {
      if (failures > 0) guard.reset(this.serial, 'user');
      return;
    }
    const left = guard.recordFailure(this.serial, 'user');
    if (left === 0) throw new SealdeskError('PIN_LOCKED');
    throw new SealdeskError('PIN_INCORRECT', { triesLeft: left });
  }

  /**
   * checkPin on a token whose login made no verifier (no CKM_SHA256_HMAC: GM keys): C_Login in a
   * second application, a child process (pin-login.ts), so this one stays logged in whatever the
   * answer. The key's own counter counts the try as well as the guard; the key's flags say when
   * one try is left and when it locked itself.
   */
  async #checkPinByLogin(pin: string): Promise<void> {
    const info = this.info();
    this.#checkNotLocked(info, 'user');
    this.#checkPinLength(pin, info);
    const guard = this.#host.guard;
    const answer = await loginInChild(this.module.path, this.serial, pin, { token: this.#name() });
    switch (answer.result) {
      case 'ok':
        guard.reset(this.serial, 'user');
        return;
      case 'incorrect': {
        const left = guard.recordFailure(this.serial, 'user');
        if (left === 0 || answer.locked) throw new SealdeskError('PIN_LOCKED');
        throw new SealdeskError('PIN_INCORRECT', { triesLeft: answer.finalTry ? Math.min(1, left) : left });
      }
      case 'locked':
        guard.recordFailure(this.serial, 'user');
        throw new SealdeskError('PIN_LOCKED');
      case 'absent':
        if (!this.probe()) throw this.#gone();
        throw new SealdeskError('TOKEN_NOT_PRESENT', { token: this.#name() });
      case 'failed':
        throw new SealdeskError('DEVICE_ERROR', { reason: answer.reason });
    }
  }

  #logoutQuietly(session: Session): void {
    try {
      session.logout();
    } catch {
      // not logged in after all
    }
  }

  async logout(): Promise<void> {
    if (!this.#loggedIn) return;
    const verifier = this.#verifier;
    this.#verifier = undefined;
    await this.#run({}, (session) => {
      if (verifier) destroyPinVerifier(this.module.lib, session.handle, verifier);
      this.#logoutQuietly(session);
    });
    // C_Logout invalidates the handles of private objects (SoftHSM reports CKR_OBJECT_HANDLE_INVALID later)
    this.#keys.clear();
    this.#loggedIn = false;
  }

  /** C_SetPIN while logged in as the user (logs in with the old PIN first). */
  async changePin(oldPin: string, newPin: string): Promise<void> {
    await this.#run({}, async (session) => {
      const info = this.info();
      this.#checkPinLength(newPin, info);
      if (this.#loggedIn) this.#logoutQuietly(session);
      this.#verifier = undefined;
      await this.#loginAs(session, 'user', oldPin);
      try {
        session.setPin(oldPin, newPin);
      } finally {
        this.#logoutQuietly(session);
      }
    });
    this.#loggedIn = false;
  }

  /**
   * Sets the user PIN as the security officer (C_Login SO + C_InitPIN): first-time PIN set-up and
   * unblocking a locked PIN are the same operation in PKCS#11; both clear the retry guard.
   */
  async initUserPin(soPin: string, newPin: string): Promise<void> {
    if (this.#loggedIn) await this.logout();
    await this.#run({}, async (session) => {
      const info = this.info();
      this.#checkPinLength(newPin, info);
      await this.#loginAs(session, 'so', soPin);
      try {
        session.initPin(newPin);
      } finally {
        this.#logoutQuietly(session);
      }
    });
    this.#host.guard.reset(this.serial, 'user');
  }

  #requireLogin(): void {
    if (!this.#loggedIn) throw new SealdeskError('LOGIN_REQUIRED');
  }

  /**
   * The token's SM2 profile found once from its info (null: none fits); not cached while the token
   * cannot be asked. probe(), not info(): no side effect on a token that went away.
   */
  #resolveSm2(): Sm2Profile | null {
    if (this.#sm2 !== undefined) return this.#sm2;
    const info = this.probe();
    if (!info) return null;
    try {
      this.#sm2 = sm2ProfileFor(info, this.#host.sm2Profile);
    } catch (error) {
      if (!(error instanceof SealdeskError && error.code === 'SM2_PROFILE_MISSING')) throw error;
      this.#sm2 = null;
    }
    return this.#sm2;
  }

  /** The token's SM2 profile (configured, else by manufacturer/model); SM2_PROFILE_MISSING when none fits. */
  sm2Profile(): Sm2Profile {
    const profile = this.#resolveSm2() ?? sm2ProfileFor(this.info(), this.#host.sm2Profile); // the latter throws, with the details
    return withSm2Id(profile, this.#host.sm2Id);
  }

  /** The SM2 key type to recognise keys by, undefined on a module without a profile (listing never fails for it). */
  #sm2KeyType(): number | undefined {
    return this.#resolveSm2()?.keyType;
  }

  #key(session: Session, label: string): { objects: KeyObjects; description: KeyDescription; sm2Z?: { id: string; z: Buffer } } {
    const cached = this.#keys.get(label);
    if (cached) return cached;
    const objects = findKey(session, label);
    if (!objects) throw new SealdeskError('KEY_NOT_FOUND', { key: label });
    const key = { objects, description: describeKey(objects, this.#sm2KeyType()) };
    this.#keys.set(label, key);
    return key;
  }

  async generateKey(type: KeyType, label: string, id?: Buffer): Promise<KeyDescription> {
    const spec = keySpec(type);
    this.#requireLogin();
    // the vendor's numbers for an SM2 pair, before anything is asked of the token
    const sm2 = spec.kind === 'sm2' ? this.sm2Profile() : undefined;
    return this.#run({ key: label, mechanism: type }, async (session) => {
      if (findKey(session, label)) throw new SealdeskError('KEY_EXISTS', { key: label });
      if (sm2) generateSm2KeyPair(this.module.lib, session.handle, sm2, label, id ?? randomBytes(16));
      else await generateKeyPair(session, { spec, label, ...(id ? { id } : {}) });
      const key = findKey(session, label);
      if (!key) throw new SealdeskError('KEY_NOT_FOUND', { key: label });
      return describeKey(key, sm2?.keyType ?? this.#sm2KeyType());
    });
  }

  /** Key pairs on the token. Without login only public objects are visible (private keys are CKA_PRIVATE). */
  async keys(): Promise<KeyDescription[]> {
    const sm2KeyType = this.#sm2KeyType();
    return this.#run({}, (session) => findKeyObjects(session).map((k) => describeKey(k, sm2KeyType)), true);
  }

  async publicKey(label: string): Promise<{ spki: Buffer; type: KeyType | 'unknown' }> {
    return this.#run({ key: label }, (session) => {
      const found = publicKeySpki(this.#key(session, label).objects, this.#sm2KeyType());
      if (!found) throw new SealdeskError('KEY_NOT_FOUND', { key: label });
      return found;
    });
  }

  /** The table entry a key signs with for these options; MECHANISM_UNSUPPORTED when it does not fit the key. */
  async signingAlgorithm(label: string, options: SignOptions = {}): Promise<SignatureAlgorithm> {
    const cached = this.#keys.get(label)?.description;
    if (cached) return resolveSignatureAlgorithm(cached, options);
    const description = await this.#run({ key: label }, (session) => this.#key(session, label).description);
    return resolveSignatureAlgorithm(description, options);
  }

  /** Signs a digest already computed by the caller (CMS signed attributes, Ethereum transactions). */
  async signDigest(label: string, digest: Buffer, options: SignOptions = {}): Promise<Signature> {
    this.#requireLogin();
    // Not async: the token's promise is handed straight back, without another turn of the loop.
    return this.#run({ key: label }, (session) => {
      const { objects: key, description } = this.#key(session, label);
      if (!key.privateKey) throw new SealdeskError('KEY_NOT_FOUND', { key: label });
      const algorithm = resolveSignatureAlgorithm(description, options);
      // SM2 signs SM3(Z ‖ M), and Z needs the key: a digest made elsewhere (SM3(M)) would be a wrong signature
      if (algorithm.digestNeedsKey) throw new SealdeskError('MECHANISM_UNSUPPORTED', { mechanism: `${algorithm.id} over a digest made elsewhere (SM2 signs the message itself)` });
      const length = HASHES[algorithm.hash].length;
      if (digest.length !== length) throw new SealdeskError('INPUT_INVALID', { reason: `a ${algorithm.hash} digest has ${length} bytes` });
      return signDigestOnToken(this.module.lib, session.handle, key.privateKey.handle, algorithm, digest);
    });
  }

  async sign(label: string, data: Uint8Array, options: SignOptions = {}): Promise<Signature> {
    // a known key resolves without a turn of the event loop (the SM2 path signs here on every call)
    const cached = this.#keys.get(label)?.description;
    const algorithm = cached ? resolveSignatureAlgorithm(cached, options) : await this.signingAlgorithm(label, options);
    if (algorithm.digestNeedsKey) return this.#signSm2(label, data, algorithm);
    return this.signDigest(label, HASHES[algorithm.hash].digest(data), { algorithm });
  }

  /** SM2 through the token's vendor profile: e = SM3(Z ‖ M) here with the key's point and the profile's ID, or M to the key. */
  #signSm2(label: string, data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Signature> {
    this.#requireLogin();
    const profile = this.sm2Profile();
    return this.#run({ key: label }, (session) => {
      const key = this.#key(session, label);
      if (!key.objects.privateKey) throw new SealdeskError('KEY_NOT_FOUND', { key: label });
      // Z (from the key's point and the profile's ID) once per key: the host-hashing sign's fixed part
      if (key.sm2Z?.id !== profile.userId) {
        const spki = publicKeySpki(key.objects, profile.keyType)?.spki;
        const point = spki && sm2PointOfSpki(spki);
        if (!point) throw new SealdeskError('KEY_NOT_FOUND', { key: `${label} (its SM2 public key)` });
        key.sm2Z = { id: profile.userId, z: sm2Z(point, profile.userId) };
      }
      return signSm2OnToken(this.module.lib, session.handle, key.objects.privateKey.handle, profile, algorithm, data, key.sm2Z.z);
    });
  }

  async certificateRequest(label: string, subject: string, options: SignOptions = {}): Promise<Buffer> {
    this.#requireLogin();
    const { spki } = await this.publicKey(label);
    const algorithm = await this.signingAlgorithm(label, options);
    const { buildCertificateRequest } = await import('./certificate-request.js');
    return buildCertificateRequest(subject, spki, algorithm, (tbs) => this.sign(label, tbs, { algorithm }));
  }

  /** Puts a certificate on the token beside the key whose public key it certifies. */
  async importCertificate(label: string, input: Buffer): Promise<CertificateDescription> {
    this.#requireLogin();
    const { describeCertificate, parseCertificate, storeCertificate } = await import('./certificates.js');
    const { der, certificate } = parseCertificate(input);
    const { spki } = await this.publicKey(label);
    if (!Buffer.from(certificate.publicKey.rawData).equals(spki)) throw new SealdeskError('CERT_KEY_MISMATCH', { key: label });
    return this.#run({ key: label }, (session) => {
      const key = this.#key(session, label).objects;
      if (key.certificate) session.destroy(key.certificate);
      storeCertificate(session, der, key);
      this.#keys.delete(label);
      return describeCertificate(der, key.label, key.id);
    });
  }

  async certificates(): Promise<CertificateDescription[]> {
    const { describeCertificate, readCertificateValue } = await import('./certificates.js');
    return this.#run({}, (session) =>
      findKeyObjects(session)
        .filter((k) => k.certificate)
        .map((k) => describeCertificate(readCertificateValue(k.certificate!), k.label, k.id)),
      true,
    );
  }

  /** Encrypts a small secret with the AES key labelled so on the token, made there on first use (see secret-key.ts). */
  async encryptSecret(label: string, plaintext: Buffer, aad: Buffer): Promise<Buffer> {
    this.#requireLogin();
    return this.#run({ key: label }, (session) => aesGcmEncrypt(this.module.lib, session.handle, findOrGenerateAesKey(this.module.lib, session.handle, label), plaintext, aad));
  }

  /** Opens what encryptSecret made; KEY_NOT_FOUND when the token has no such key. */
  async decryptSecret(label: string, sealed: Buffer, aad: Buffer): Promise<Buffer> {
    this.#requireLogin();
    return this.#run({ key: label }, (session) => {
      const key = findAesKey(this.module.lib, session.handle, label);
      if (!key) throw new SealdeskError('KEY_NOT_FOUND', { key: label });
      return aesGcmDecrypt(this.module.lib, session.handle, key, sealed, aad);
    });
  }

  /** Closes the sessions (logging out the token for this application). */
  close(): void {
    this.#pool.close();
    this.#keys.clear();
    this.#loggedIn = false;
    this.#verifier = undefined;
  }
}
