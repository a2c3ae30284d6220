/** Shapes of generated seals: round 公章 (official), oval (finance / contract variants), square 名章. */
export type SealShape = 'round' | 'oval' | 'square';

export interface SealImageSpec {
  shape: SealShape;
  /** The owning organisation (upper arc); for a square seal, the person or text in the grid. */
  organisation: string;
  /** The seal name below the star (e.g. 行政审批专用章); empty for a plain 公章. */
  name?: string;
  /** The 13-digit seal code (公安备案编码) along the lower arc. */
  code?: string;
  /** Width of the PNG in pixels (default 480; oval seals are 2/3 as tall). */
  size?: number;
  /** Ink colour (default seal red). */
  color?: string;
}

export const SEAL_RED = '#e0101a';
export const DEFAULT_SIZE = 480;
export const MIN_SIZE = 64;
export const MAX_SIZE = 4096;
