const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The {names} a text uses, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** A brace that is not part of a {name}: a typo such as "{name" or "{ name}". */
export function strayBrace(text: string): boolean {
  return /[{}]/.test(text.replace(PLACEHOLDER, ''));
}

/** The text with its placeholders removed: what the template itself prints. */
export function staticText(text: string): string {
  return text.replace(PLACEHOLDER, '');
}

/** Replaces each {name} by its value; names without a value are left to the validator to refuse. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
