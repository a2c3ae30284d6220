/** The middle value of a bench's rounds (the upper middle for an even count): one slow round, a GC or a busy moment of the host, does not move it. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
