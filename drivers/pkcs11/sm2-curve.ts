import { Field } from '@noble/curves/abstract/modular';
import { weierstrassPoints, type ProjPointType } from '@noble/curves/abstract/weierstrass';

/**
 * The SM2 curve (GM/T 0003.5) on @noble/curves' Weierstrass arithmetic, and x(s·G + t·P) for
 * verification (GM/T 0003.2 §7.1). noble has the arithmetic but no SM2 curve of its own; with
 * window tables for G and for a recurring key it verifies at ~0.6× `openssl speed sm2`, where
 * sm-crypto-v2 (the same library without tables) reached 0.07× (docs/decisions.md).
 */
const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

const { ProjectivePoint } = weierstrassPoints({
  a: SM2_P - 3n,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  Fp: Field(SM2_P),
  n: SM2_N,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  h: 1n,
});

export type Sm2Point = ProjPointType<bigint>;

/** The point of 04‖x‖y, or undefined if it is not on the curve (noble checks; cofactor 1, so of order n). */
export function sm2Point(uncompressed: Uint8Array): Sm2Point | undefined {
  try {
    const point = ProjectivePoint.fromHex(uncompressed);
    return point.equals(ProjectivePoint.ZERO) ? undefined : point;
  } catch {
    return undefined;
  }
}

/** Makes the point's 8-bit window table (~0.15 s cold, tens of ms warm): every later t·P adds, never doubles. */
export function withTable(point: Sm2Point): void {
  point._setWindowSize(8);
}

/**
 * G's table costs about a hundred verifications to make, so a process that checks one document
 * (`sealdesk verify`) never makes it; one that keeps verifying makes it at its 64th.
 */
const G_TABLE_AFTER = 64;
let gUses = 0;

/** x(s·G + t·P), or undefined at infinity; s and t in [1, n). Variable time: all of it is public. */
export function sumX(s: bigint, t: bigint, P: Sm2Point): bigint | undefined {
  if (++gUses === G_TABLE_AFTER) withTable(ProjectivePoint.BASE);
  const sum = ProjectivePoint.BASE.multiplyUnsafe(s).add(P.multiplyUnsafe(t));
  return sum.equals(ProjectivePoint.ZERO) ? undefined : sum.toAffine().x;
}
