/** Width of a text at a size, in points. */
export type MeasureText = (text: string) => number;

/** Chinese line-breaking rules (禁则): these never start a line (they hang past the edge instead)… */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉”’…·%,.;:?!)]}'.split(''));
/** …and these never end one (they move down with what follows). */
const NO_LINE_END = new Set('（《「『【〔〈“‘([{'.split(''));

/** Latin words and numbers (an ID number, a USCC, 2026) stay whole; every other character may break. */
const TOKEN = /[A-Za-z0-9\u00C0-\u024F_@./:-]+|\s+|./gsu;

function splitLong(token: string, available: number, measure: MeasureText): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of token) {
    if (part && measure(part + ch) > available) {
      parts.push(part);
      part = '';
    }
    part += ch;
  }
  return part ? [...parts, part] : parts;
}

/**
 * Greedy line breaking for Chinese text with Latin runs: breaks between any two CJK characters,
 * keeps words and numbers whole (splitting one only when it is wider than a line), lets closing
 * punctuation hang and carries opening punctuation to the next line. `firstIndent` (points)
 * narrows the first line (公文 paragraphs indent two characters).
 */
export function wrapText(text: string, width: number, measure: MeasureText, firstIndent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  const available = (): number => (lines.length === 0 ? width - firstIndent : width);
  const push = (): void => {
    lines.push(line.trimEnd());
    line = '';
  };
  for (const token of text.match(TOKEN) ?? []) {
    if (/^\s+$/.test(token) && line === '') continue;
    if (line === '' || measure(line + token) <= available() || NO_LINE_START.has(token)) {
      if (line === '' && measure(token) > available()) {
        const parts = splitLong(token, available(), measure);
        for (const part of parts.slice(0, -1)) {
          line = part;
          push();
        }
        line = parts.at(-1) ?? '';
      } else {
        line += token;
      }
      continue;
    }
    const last = [...line].at(-1) ?? '';
    const carried = NO_LINE_END.has(last) && line.length > last.length ? last : '';
    line = line.slice(0, line.length - carried.length);
    push();
    line = carried + token.trimStart();
  }
  if (line.trim() !== '' || lines.length === 0) push();
  return lines;
}
