/**
 * How every benchmark prints a figure: the measured thing beside its peer measured in the same
 * run, and their ratio. Benchmarks never assert timings inside `npm test`; they print here.
 */
export interface Figure {
  /** What was measured, e.g. "ECDSA P-256 sign via drivers/pkcs11". */
  name: string;
  value: number;
  unit: string;
  peer: { name: string; value: number };
  /** 'higher' when a bigger value is better (ops/s), 'lower' for times. */
  better: 'higher' | 'lower';
  /** The goal for ratio = value / peer, e.g. { max: 1.1 } or { min: 0.9 }. */
  goal?: { min?: number; max?: number };
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3);
}

/** Prints one figure and returns whether it met its goal (the runner's exit code counts misses). */
export function report(figure: Figure): boolean {
  const ratio = figure.value / figure.peer.value;
  const met =
    figure.goal === undefined ||
    ((figure.goal.min === undefined || ratio >= figure.goal.min) && (figure.goal.max === undefined || ratio <= figure.goal.max));
  const goal = figure.goal
    ? ` (goal ${figure.goal.min !== undefined ? `≥ ${figure.goal.min}` : ''}${figure.goal.min !== undefined && figure.goal.max !== undefined ? ', ' : ''}${figure.goal.max !== undefined ? `≤ ${figure.goal.max}` : ''}: ${met ? 'met' : 'MISSED'})`
    : '';
  console.log(
    `${figure.name}: ${fmt(figure.value)} ${figure.unit} | peer ${figure.peer.name}: ${fmt(figure.peer.value)} ${figure.unit} | ratio ${ratio.toFixed(3)}${goal}`,
  );
  if (!met) process.exitCode = 1;
  return met;
}
