/** A glyph outline as fontkit gives it: absolute points in font units. */
export interface OutlineCommand {
  command: string;
  args: number[];
}

const OP = { rmoveto: 21, rlineto: 5, rrcurveto: 8, endchar: 14 } as const;

/** A Type 2 charstring number (Adobe TN 5177 §3.2): the shortest integer form, else 16.16 fixed. */
function number(value: number, out: number[]): void {
  if (Number.isInteger(value) && value >= -107 && value <= 107) out.push(value + 139);
  else if (Number.isInteger(value) && value >= 108 && value <= 1131) out.push(((value - 108) >> 8) + 247, (value - 108) & 0xff);
  else if (Number.isInteger(value) && value >= -1131 && value <= -108) out.push(((-value - 108) >> 8) + 251, (-value - 108) & 0xff);
  else if (Number.isInteger(value) && value >= -32768 && value <= 32767) out.push(28, (value >> 8) & 0xff, value & 0xff);
  else {
    const fixed = Math.round(value * 65536) | 0;
    out.push(255, (fixed >>> 24) & 0xff, (fixed >>> 16) & 0xff, (fixed >>> 8) & 0xff, fixed & 0xff);
  }
}

/** The value a charstring operand will actually carry (integers as they are, others to 1/65536). */
function encoded(value: number): number {
  return Number.isInteger(value) && value >= -32768 && value <= 32767 ? value : (Math.round(value * 65536) | 0) / 65536;
}

/**
 * A charstring drawing the outline with rmoveto / rlineto / rrcurveto, without subroutines or
 * hints. `width` is the advance minus the Private DICT's nominalWidthX. Points are taken relative
 * to the previous one as encoded, so rounding never accumulates.
 */
export function outlineCharstring(commands: readonly OutlineCommand[], width: number): Buffer {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  let first = true;
  const points = (args: readonly number[]): void => {
    for (let i = 0; i < args.length; i += 2) {
      const dx = encoded(args[i]! - x);
      const dy = encoded(args[i + 1]! - y);
      number(dx, out);
      number(dy, out);
      x += dx;
      y += dy;
    }
  };
  for (const { command, args } of commands) {
    if (command === 'closePath') continue; // implied by the next rmoveto / endchar
    if (first) {
      // the width goes before the first stack-clearing operator; an outline starts with a moveTo
      number(width, out);
      first = false;
    }
    if (command === 'moveTo') {
      points(args);
      out.push(OP.rmoveto);
    } else if (command === 'lineTo') {
      points(args);
      out.push(OP.rlineto);
    } else if (command === 'bezierCurveTo') {
      points(args);
      out.push(OP.rrcurveto);
    } else {
      throw new Error(`unexpected ${command} in a CFF outline`);
    }
  }
  if (first) number(width, out);
  out.push(OP.endchar);
  return Buffer.from(out);
}
