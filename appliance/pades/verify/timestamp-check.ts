import { digest, hashOfOid } from '../algorithms.js';
import type { ParsedCertificate } from '../certificates.js';
import { decodeTimestampToken } from '../timestamp-token.js';
import { buildChain, invalidAt } from './chain.js';
import { messageDigestMatches, signatureVerifies, signerView } from './cms-signer.js';

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

export type TimestampCheck =
  | { status: 'passed'; genTime: Date; tsa: ParsedCertificate; chain: ParsedCertificate[] }
  | { status: 'failed' | 'indeterminate'; reason: string; /** absent when the reason is a parser's message */ reasonZh?: string; tsa?: ParsedCertificate };

/**
 * A timestamp token is good when its imprint is the digest of `data`, the TSA's signature over
 * its TSTInfo verifies, the TSA certificate is for time-stamping, and it chains to a trust
 * anchor, valid at the time it stamped.
 */
export function checkTimestamp(tokenDer: Uint8Array, data: Buffer[], anchors: ParsedCertificate[], pool: ParsedCertificate[]): TimestampCheck {
  let token;
  try {
    token = decodeTimestampToken(tokenDer);
  } catch (error) {
    return { status: 'failed', reason: (error as Error).message };
  }
  const imprint = token.tstInfo.messageImprint;
  const hash = hashOfOid(imprint.hashAlgorithm.algorithmId);
  if (!hash) return { status: 'failed', reason: `imprint hash ${imprint.hashAlgorithm.algorithmId} is not accepted`, reasonZh: `不接受摘要算法 ${imprint.hashAlgorithm.algorithmId}` };
  if (!Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).equals(digest(Buffer.concat(data), hash))) {
    return { status: 'failed', reason: 'the timestamp was made for other data (imprint mismatch)', reasonZh: '时间戳针对的是其他数据（摘要不一致）' };
  }
  const view = signerView(token.signedData, pool);
  const tsa = view.signer;
  if (!tsa) return { status: 'indeterminate', reason: 'the TSA certificate is not available', reasonZh: '缺少时间戳服务机构的证书' };
  if (!messageDigestMatches(view, [token.tstInfoDer]) || !signatureVerifies(view)) return { status: 'failed', reason: 'the TSA signature does not verify', reasonZh: '时间戳服务机构的签名验证未通过', tsa };
  if (!(tsa.node.keyUsage ?? []).includes(TIME_STAMPING)) return { status: 'failed', reason: 'the TSA certificate is not for time-stamping', reasonZh: '时间戳服务机构的证书不能用于时间戳', tsa };
  const genTime = token.tstInfo.genTime;
  const { chain, anchored } = buildChain(tsa, [...view.certificates, ...pool], anchors);
  if (!anchored) return { status: 'indeterminate', reason: 'the TSA certificate does not chain up to a trusted root', reasonZh: '时间戳服务机构的证书无法链接到受信任的根证书', tsa };
  if (invalidAt(chain, genTime)) return { status: 'failed', reason: 'the TSA certificate was not valid when it stamped', reasonZh: '加盖时间戳时，时间戳服务机构的证书不在有效期内', tsa };
  return { status: 'passed', genTime, tsa, chain };
}
