/** A JSON call to a running hall over real HTTP, as the pages make it: the status and the parsed body. */
export async function json<T>(url: string, headers: Record<string, string>, init: { method?: string; body?: object; key?: string } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.key ? { 'idempotency-key': init.key } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}
