export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with this label, or the input itself when it is DER already. */
export function fromPem(input: Buffer, label: string): Buffer {
  const text = input.toString('latin1');
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  return match ? Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64') : input;
}
