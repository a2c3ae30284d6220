/**
 * The pages' only way to the appliance: its HTTP API on the same origin, the session in a
 * cookie. Every failure becomes an ApiError carrying the API's `{code, message_zh, message_en,
 * details}` body, which the pages show in the chosen language. Uploads go through
 * XMLHttpRequest, the one browser API that reports upload progress.
 */
import { ApiError, isApiErrorBody, type ApiErrorBody } from './errors.js';
import type { CodeReport, LicenceView } from './code-views.js';
import type { VerificationReport } from './report.js';

export type Progress = (fraction: number) => void;

async function request<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, undefined);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) throw new ApiError(response.status, isApiErrorBody(parsed) ? parsed : undefined);
  return parsed as T;
}

/** A JSON request whose answer is a file (a PDF preview): the bytes as a Blob, or the API's typed error. */
async function requestBlob(path: string, body: unknown): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/pdf, application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, undefined);
  }
  if (response.ok) return response.blob();
  let parsed: unknown = undefined;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  throw new ApiError(response.status, isApiErrorBody(parsed) ? parsed : undefined);
}

/** POSTs one file as multipart/form-data (field `file`), reporting the upload's progress (0..1). */
export function upload<T>(path: string, file: Blob, name: string, onProgress?: Progress, fields: Record<string, string> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, undefined));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(parsed as T);
      } else reject(new ApiError(xhr.status, isApiErrorBody(parsed) ? parsed : undefined));
    };
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', file, name);
    xhr.send(form);
  });
}

export type Role = 'admin' | 'clerk' | 'kiosk' | 'auditor';

export interface Session {
  operatorId: string;
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  expiresAt?: string;
}

export type Placement = { kind: 'position'; page: number; x: number; y: number; size?: number } | { kind: 'text'; text: string };

export interface StampRequest {
  documentId: string;
  sealId: string;
  placement: Placement;
  crossPage?: boolean;
  pin: string;
}

export type AnchorView = { status: 'pending' } | { status: 'anchored'; blockNumber: number; txHash: string; anchoredAt: string; chainId: number };

/** A stamp job as /api/stamps returns it (appliance/service/stamps/stamp-job.ts). */
export interface StampJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  documentId: string;
  sealId: string;
  operatorId: string;
  level: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  result: { eventId: string; documentHash: string; signerCertificateSha256: string; level: string; page: number | null; time: string; verificationUrl: string | null } | null;
  error: ApiErrorBody | null;
  anchor: AnchorView | null;
}

/** A slot and its token as /api/tokens returns it (appliance/service/tokens/token-view.ts). */
export interface SlotView {
  module: string;
  slotId: string;
  index: number;
  description: string;
  removable: boolean;
  present: boolean;
  token: {
    label: string;
    serial: string;
    manufacturer: string;
    model: string;
    flags: { initialized: boolean; userPinInitialized: boolean; userPinCountLow: boolean; userPinFinalTry: boolean; userPinLocked: boolean; writeProtected: boolean };
    minPinLen: number;
    maxPinLen: number;
    loggedIn: boolean;
    /** The organisation the token belongs to; null: none yet (an admin claims it). */
    organisationId?: string | null;
  } | null;
}

/** A seal as /api/seals returns it (appliance/service/seals/seal-view.ts). */
export interface SealView {
  id: string;
  name: string;
  type: string;
  typeName: string;
  organisation: { name: string; uscc: string; id: string | null };
  /** 'gbt38540' when the seal has a GB/T 38540 e-seal (it stamps OFDs). */
  format: 'sealdesk' | 'gbt38540';
  status: 'active' | 'suspended' | 'revoked';
  [key: string]: unknown;
}

/** Lists come back either bare or wrapped in an object (`{tokens: [...]}`): both are read as the array. */
export function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'object' && value !== null) {
    const inner = (value as Record<string, unknown>)[key] ?? (value as Record<string, unknown>).items;
    if (Array.isArray(inner)) return inner as T[];
  }
  return [];
}

/** A hall device as /api/devices returns it (appliance/service/devices/device-status.ts). */
export interface DeviceView {
  kind: 'idcard' | 'receipt' | 'qrscanner' | 'printer';
  fitted: boolean;
  present: boolean;
  connection: string | null;
  detail: string;
  /** The receipt printer: the stamp whose receipt the printer holds (paper out, cover open, offline). */
  waiting?: string | null;
  /** The receipt printer: what it is doing now. */
  activity?: 'idle' | 'printing' | 'paper-out' | 'cover-open' | 'offline' | 'no-reply';
}

/** The ID card as the page sees it: the number masked, the full one stays in the appliance. */
export interface IdCardView {
  name: string;
  sex: string;
  nation: string;
  birthDate: string;
  address: string;
  idNumber: string;
  subjectHash: string;
  readAt: string;
}

/** What POST /api/stamps/:id/print printed (each null until printed). */
export interface PrintResult {
  stampId: string;
  document: { at: string; detail: string } | null;
  receipt: { at: string; detail: string } | null;
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** A certificate template as /api/templates returns it (appliance/service/templates/template-view.ts). */
export interface TemplateView {
  id: string;
  title: Bilingual;
  description: Bilingual | null;
  holder: { fields: string[]; idNumber: 'full' | 'masked' };
  fields: Array<{ name: string; label: Bilingual; kind: 'text' | 'date' | 'uscc' | 'choice'; filledBy: 'citizen' | 'clerk'; required: boolean; maxLength?: number; options?: string[]; default?: string }>;
  /** The issued file: an OFD e-licence prints as its PDF paper copy. */
  format?: 'pdf' | 'ofd';
}

export interface CertificateRequest {
  templateId: string;
  fields: Record<string, string>;
  print?: boolean;
}

/** POST /api/kiosk/certificates: the stamp, what printed, and (when the appliance issues one) the licence code. */
export interface IssuedCertificate {
  stamp: StampJob;
  template: string;
  /** The issued document's format: an OFD e-licence prints as its PDF paper copy. */
  format?: 'pdf' | 'ofd';
  seal: { id: string; name: string; organisation: string };
  prints: PrintResult | null;
  printError: ApiErrorBody | null;
  /** The code only in the answer that issued it (null on a retry: nothing can make it again). */
  licence?: { licenceId: string; code: string | null } | null;
}

const enc = encodeURIComponent;

export const api = {
  signIn: (username: string, password: string) => request<Session>('POST', '/api/session', { username, password }),
  signInTerminal: (terminal: string, credential: string) => request<Session>('POST', '/api/session', { terminal, credential }),
  session: () => request<Session>('GET', '/api/session'),
  signOut: () => request<unknown>('DELETE', '/api/session'),

  tokens: () => request<SlotView[]>('GET', '/api/tokens'),
  seals: () => request<SealView[]>('GET', '/api/seals'),
  sealImageUrl: (id: string) => `/api/seals/${enc(id)}/image`,

  /** format: 'pdf' (previewed by pdf.js) or 'ofd' (its pages drawn by the service: documentPageSvgUrl). */
  uploadDocument: (file: File, onProgress?: Progress) => upload<{ documentId: string; pages: number; format?: string }>('/api/documents', file, file.name, onProgress),
  documentPdfUrl: (id: string) => `/api/documents/${enc(id)}/pdf`,
  documentPageSvgUrl: (id: string, page: number) => `/api/documents/${enc(id)}/pages/${Math.max(1, Math.trunc(page) || 1)}/svg`,
  /** The same idempotency key on a retry never stamps twice: the service returns the first result. */
  stamp: (body: StampRequest, idempotencyKey: string) => request<StampJob>('POST', '/api/stamps', body, { 'idempotency-key': idempotencyKey }),
  stamps: (day: string) => request<StampJob[]>('GET', `/api/stamps?day=${enc(day)}`),
  stampPdfUrl: (id: string) => `/api/stamps/${enc(id)}/pdf`,
  /** Prints what has not printed yet (both parts by default; `document: false` or `receipt: false` leaves one out). */
  printStamp: (id: string, parts: { document?: boolean; receipt?: boolean } = {}) => request<PrintResult>('POST', `/api/stamps/${enc(id)}/print`, parts),

  devices: () => request<DeviceView[]>('GET', '/api/devices'),
  readIdCard: () => request<IdCardView>('POST', '/api/devices/idcard/read', {}),
  /** The appliance forgets the card read in this session (the kiosk's idle reset). */
  forgetCard: () => request<{ forgotten: boolean }>('DELETE', '/api/devices/idcard/card'),

  verifyPdf: (file: File, onProgress?: Progress) => upload<VerificationReport>('/api/verify', file, file.name, onProgress),
  /** A stamp's verification code (the QR's URL, its query, or `<sha256>.<uuid7>`): the seal event it names. */
  verifyCode: (code: string) => request<CodeReport>('GET', `/api/verify/code/${enc(code)}`),
  /** A licence code (证照码): the record read from the chain with the key it carries. */
  // in the body: a code in a URL would sit in logs and browser history
  licence: (code: string) => request<LicenceView>('POST', '/api/licences/read', { code: code.trim() }),

  templates: () => request<{ templates: TemplateView[] }>('GET', '/api/templates'),
  /** The certificate as it will be issued, not stamped: shown, never kept. */
  kioskPreview: (body: CertificateRequest) => requestBlob('/api/kiosk/preview', body),
  /** The same idempotency key on a retry never issues a second certificate. */
  kioskCertificate: (body: CertificateRequest, idempotencyKey: string) => request<IssuedCertificate>('POST', '/api/kiosk/certificates', body, { 'idempotency-key': idempotencyKey }),

  audit: () => request<unknown>('GET', '/api/audit'),
  auditVerify: () => request<unknown>('GET', '/api/audit/verify'),
  organisations: () => request<unknown>('GET', '/api/organisations'),
  operators: () => request<unknown>('GET', '/api/operators'),
};

/** Today as YYYY-MM-DD in the terminal's local time. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/* ---- The seal administrator's calls (admin page) ---- */

/** From the top down: a child's level is always below its parent's (appliance/directory/organisation.ts). */
export const ORGANISATION_LEVELS = ['province', 'city', 'district', 'department'] as const;
export type OrganisationLevel = (typeof ORGANISATION_LEVELS)[number];

/** An organisation as /api/organisations returns it (appliance/service/directory/directory-views.ts). */
export interface OrganisationView {
  id: string;
  name: string;
  nameEn: string | null;
  level: OrganisationLevel;
  uscc: string | null;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An operator as /api/operators returns it. */
export interface OperatorView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/organisations: a new organisation below one the administrator holds. */
export interface CreateOrganisationRequest {
  parentId: string;
  level: OrganisationLevel;
  /** The official Chinese name, as on the seal (1 to 100 characters). */
  name: string;
  nameEn?: string | null;
  /** 统一社会信用代码, 18 characters; a seal for the organisation needs it. */
  uscc?: string | null;
}

/** PATCH /api/organisations/:id: the level, USCC and place in the tree stay. null clears the English name. */
export interface RenameOrganisationRequest {
  name: string;
  nameEn?: string | null;
}

export interface CreateOperatorRequest {
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  /** People only: a kiosk gets a terminal credential instead. */
  password?: string;
}

/** POST /api/operators: a kiosk's terminal credential is in the answer, this once. */
export interface CreatedOperator {
  operator: OperatorView;
  terminalCredential?: string;
}

/** One entry of the seal ACL (/api/seals/:id/grants). */
export interface GrantView {
  sealId: string;
  operatorId: string;
  granted: boolean;
  grantedBy: string | null;
  grantedAt: string | null;
}

export type SealShape = 'round' | 'oval' | 'square';
export type SealTypeName = 'official' | 'contract' | 'finance' | 'business' | 'legal-representative';

/** POST /api/seals: a new key on the token, a certificate from the dev CA, a generated image. */
export interface CreateSealRequest {
  tokenSerial: string;
  name: string;
  type: SealTypeName;
  organisation: { name: string; uscc: string };
  shape?: SealShape;
  /** A key already on the token (its label) instead of a generated EC P-256 one: an SM2 key on a GM key. */
  existingKey?: string;
  /** The token's user PIN, when it is not logged in. */
  pin?: string;
  /** The CA token's own PIN, when the CA is on another token that is not logged in (CA_LOGIN_REQUIRED names it). */
  caPin?: string;
}

/** `queued` (SEAL_CHANGE_QUEUED): the chain was not reached, but this terminal sends the change by itself once it is. */
export type ChainOutcome = null | { eventId: string; txHash: string; effectiveAt: number } | { error: ApiErrorBody; queued?: ApiErrorBody };

/** The queued note of a chain outcome, in the reader's language. */
export function chainQueuedText(chain: ChainOutcome, locale: string): string | undefined {
  if (chain === null || !('error' in chain) || !chain.queued) return undefined;
  return locale === 'en' ? chain.queued.message_en : chain.queued.message_zh;
}

/** A seal after create / suspend / resume / revoke, with what the chain made of it (null without a chain). */
export type ChangedSeal = SealView & { chain: ChainOutcome };

export type SealVerb = 'suspend' | 'resume' | 'revoke';

/** A template as the administrator sees it: where it comes from (built-in or added under SEALDESK_HOME). */
export interface AdminTemplateView extends TemplateView {
  version: number;
  source: 'built-in' | 'admin';
  overridesBuiltIn: boolean;
}

/** A template file that could not be used, with the catalogue's sentence. */
export interface TemplateProblem extends ApiErrorBody {
  path: string;
}

export interface AdminTemplateList {
  templates: AdminTemplateView[];
  problems?: TemplateProblem[];
}

export interface AuditEntryView {
  seq: number;
  time: string;
  action: string;
  actor: { id: string; username: string | null; role: string | null };
  organisationId: string | null;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  errorCode: string | null;
  details: Record<string, string | number | boolean | null>;
}

export interface AuditPage {
  entries: AuditEntryView[];
  next: number | null;
}

/** GET /api/audit's query: page size (1–500), the previous page's `next`, one action only. */
export interface AuditQuery {
  limit?: number;
  before?: number;
  action?: string;
}

/** GET /api/audit/verify: the verdict, the first bad entry, and the report as sentences in both languages. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  firstBad?: { seq: number; problem: string; detectedBy: string; witnessSeq?: number };
  unwitnessed: number;
  report: { zh: string; en: string };
}

export interface TokenLoginState {
  serial: string;
  label: string;
  loggedIn: boolean;
}

export interface TokenKeyView {
  label: string;
  id: string;
  type: string;
  bits: number | null;
  hasPrivateKey: boolean;
  hasPublicKey: boolean;
  hasCertificate: boolean;
}

/** GET /api/tokens/:serial/keys (appliance/service/tokens/token-admin-schemas.ts). */
export interface TokenKeyList {
  serial: string;
  label: string;
  loggedIn: boolean;
  keys: TokenKeyView[];
  certificates: { label: string; id: string; subject: string; issuer: string; serialNumber: string; notAfter: string }[];
}

export const TOKEN_KEY_TYPES = ['ec-p256', 'ec-p384', 'secp256k1', 'rsa-2048', 'rsa-3072', 'sm2'] as const;
export type TokenKeyType = (typeof TOKEN_KEY_TYPES)[number];

export interface TokenPinResult {
  serial: string;
  label: string;
  userPin: 'set' | 'changed' | 'unblocked';
}

/** A seal granted to a terminal on chain (appliance/service/terminals/terminal-view.ts). */
export interface TerminalGrantView {
  sealId: string;
  sealName: string | null;
  organisationName: string | null;
  organisationUscc: string | null;
  grantedAt: string | null;
  block: number;
  /** Another organisation's seal (outside the administrator's subtree): not named. */
  outsideScope: boolean;
}

/** GET /api/terminals: a terminal of the hall as the follower applied it. */
export interface TerminalView {
  address: string;
  name: string | null;
  kind: string | null;
  organisationId: string | null;
  organisationName: string | null;
  registeredAt: string | null;
  recordState: string;
  block: number;
  grants: TerminalGrantView[];
}

export interface TerminalGrantChange {
  sealId: string;
  terminal: string;
  granted: boolean;
  txHash: string;
}

export const adminApi = {
  tokenLogin: (serial: string, pin: string) => request<TokenLoginState>('POST', `/api/tokens/${enc(serial)}/login`, { pin }),
  tokenLogout: (serial: string) => request<TokenLoginState>('POST', `/api/tokens/${enc(serial)}/logout`, {}),

  createSeal: (body: CreateSealRequest) => request<ChangedSeal>('POST', '/api/seals', body),
  changeSeal: (id: string, verb: SealVerb, reason: string) => request<ChangedSeal>('POST', `/api/seals/${enc(id)}/${verb}`, reason ? { reason } : {}),

  organisations: () => request<OrganisationView[]>('GET', '/api/organisations'),
  operators: () => request<OperatorView[]>('GET', '/api/operators'),
  createOperator: (body: CreateOperatorRequest) => request<CreatedOperator>('POST', '/api/operators', body),
  createOrganisation: (body: CreateOrganisationRequest) => request<OrganisationView>('POST', '/api/organisations', body),
  renameOrganisation: (id: string, body: RenameOrganisationRequest) => request<OrganisationView>('PATCH', `/api/organisations/${enc(id)}`, body),
  /** The service refuses changing one's own account (INPUT_INVALID), and a kiosk becoming a person or back. */
  changeRole: (id: string, role: Role) => request<OperatorView>('PUT', `/api/operators/${enc(id)}/role`, { role }),
  /** Disabling ends the operator's sessions at once; refused for one's own account. */
  setDisabled: (id: string, disabled: boolean) => request<OperatorView>('PUT', `/api/operators/${enc(id)}/disabled`, { disabled }),

  sealGrants: (sealId: string) => request<GrantView[]>('GET', `/api/seals/${enc(sealId)}/grants`),
  grant: (sealId: string, operatorId: string) => request<GrantView>('PUT', `/api/seals/${enc(sealId)}/grants/${enc(operatorId)}`),
  withdraw: (sealId: string, operatorId: string) => request<GrantView>('DELETE', `/api/seals/${enc(sealId)}/grants/${enc(operatorId)}`),

  terminals: () => request<{ terminals: TerminalView[] }>('GET', '/api/terminals'),
  /** Sent to the chain: the terminals (this page's table too) follow it once final. */
  grantToTerminal: (address: string, sealId: string) => request<TerminalGrantChange>('PUT', `/api/terminals/${enc(address)}/grants/${enc(sealId)}`),
  withdrawFromTerminal: (address: string, sealId: string) => request<TerminalGrantChange>('DELETE', `/api/terminals/${enc(address)}/grants/${enc(sealId)}`),

  templates: () => request<AdminTemplateList>('GET', '/api/templates'),
  addTemplate: (descriptor: Record<string, unknown>) => request<AdminTemplateView & { replaced: boolean }>('POST', '/api/templates', descriptor),
  removeTemplate: (id: string) => request<{ id: string; builtInRestored: boolean }>('DELETE', `/api/templates/${enc(id)}`),

  /** One page of the audit log, newest first: `before` is the previous page's `next`; `action` keeps only that action. */
  audit: ({ limit = 50, before, action }: AuditQuery = {}) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) query.set('before', String(before));
    if (action) query.set('action', action);
    return request<AuditPage>('GET', `/api/audit?${query.toString()}`);
  },
  auditVerify: () => request<AuditVerification>('GET', '/api/audit/verify'),

  initToken: (slotId: string, body: { label: string; soPin: string; pin: string }) => request<{ slotId: string; serial: string; label: string }>('POST', `/api/tokens/slots/${enc(slotId)}/init`, body),
  claimToken: (serial: string, organisationId: string) => request<{ serial: string; label: string; organisationId: string }>('POST', `/api/tokens/${enc(serial)}/claim`, { organisationId }),
  initUserPin: (serial: string, soPin: string, newPin: string) => request<TokenPinResult>('POST', `/api/tokens/${enc(serial)}/init-pin`, { soPin, newPin }),
  unblockPin: (serial: string, soPin: string, newPin: string) => request<TokenPinResult>('POST', `/api/tokens/${enc(serial)}/unblock`, { soPin, newPin }),
  changePin: (serial: string, pin: string, newPin: string) => request<TokenPinResult>('POST', `/api/tokens/${enc(serial)}/change-pin`, { pin, newPin }),
  tokenKeys: (serial: string) => request<TokenKeyList>('GET', `/api/tokens/${enc(serial)}/keys`),
  generateKey: (serial: string, body: { type: TokenKeyType; label: string; pin?: string }) => request<TokenKeyView>('POST', `/api/tokens/${enc(serial)}/keys`, body),
};
