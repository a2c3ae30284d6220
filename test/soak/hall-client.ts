/** The soak's calls to the running hall over real HTTP, as the pages make them. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export class HallClient {
  #headers: Record<string, string> = {};
  constructor(
    readonly url: string,
    private readonly signInBody: object,
  ) {}

  async signIn(): Promise<void> {
    const answer = await this.#send<{ token: string }>('POST', '/api/session', {}, JSON.stringify(this.signInBody), 'application/json');
    if (answer.status !== 201) throw new Error(`sign-in refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.#headers = { authorization: `Bearer ${answer.body.token}` };
  }

  /** A JSON call; a session that ended (401) signs in again once, as a page would after its idle reset. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: object, key?: string): Promise<Answer<T>> {
    const send = () => this.#send<T>(method, path, key ? { 'idempotency-key': key } : {}, body ? JSON.stringify(body) : undefined, body ? 'application/json' : undefined);
    let answer = await send();
    if (answer.status === 401) {
      await this.signIn();
      answer = await send();
    }
    return answer;
  }

  async upload(pdf: Uint8Array, fileName: string): Promise<Answer<{ documentId: string }>> {
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), fileName);
    const send = () => fetch(`${this.url}/api/documents`, { method: 'POST', headers: this.#headers, body: form });
    let response = await send();
    if (response.status === 401) {
      await this.signIn();
      response = await send();
    }
    return { status: response.status, body: (await response.json()) as { documentId: string } };
  }

  /** The bytes of a binary answer (a preview PDF): only its size and magic matter here. */
  async bytes(method: string, path: string, body: object): Promise<{ status: number; bytes: Buffer }> {
    const response = await fetch(`${this.url}${path}`, { method, headers: { ...this.#headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async #send<T>(method: string, path: string, extra: Record<string, string>, body: string | undefined, type: string | undefined): Promise<Answer<T>> {
    const response = await fetch(`${this.url}${path}`, { method, headers: { ...this.#headers, ...extra, ...(type ? { 'content-type': type } : {}) }, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // not JSON (an HTML error page): kept as text for the report
    }
    return { status: response.status, body: parsed as T };
  }
}
