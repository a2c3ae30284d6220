import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { MessageImprint, TimeStampReq, TimeStampResp } from 'pkijs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { digestAlgorithm, hashOid, type HashName } from './algorithms.js';
import { decodeTimestampToken, type TimestampToken } from './timestamp-token.js';

export interface RequestTimestampOptions {
  /** Default 15 s: a TSA that does not answer must not hold the clerk's counter. */
  timeoutMs?: number;
}

export interface TimestampReply {
  /** The TimeStampToken (ContentInfo DER): the signatureTimeStampToken value, or a document timestamp's /Contents. */
  token: Buffer;
  genTime: Date;
  /** The TSA's serial number of this token, hex. */
  serialNumber: string;
  parsed: TimestampToken;
}

const PKI_STATUS: Record<number, string> = { 2: 'rejection', 3: 'waiting', 4: 'revocationWarning', 5: 'revocationNotification' };

/**
 * Asks an RFC 3161 TSA to stamp a digest (HTTP POST application/timestamp-query, §3.4). The reply
 * must be granted, for this digest and this request's nonce, so a replayed or misrouted token
 * is refused. Network failure: TSA_UNREACHABLE; any wrong answer: TSA_REJECTED.
 */
export async function requestTimestamp(url: string, digest: Buffer, hash: HashName, options: RequestTimestampOptions = {}): Promise<TimestampReply> {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01; // positive, and minimal in DER
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({ hashAlgorithm: digestAlgorithm(hash), hashedMessage: new asn1js.OctetString({ valueHex: digest }) }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });

  let response: Response;
  let body: Buffer;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new SealdeskError('TSA_UNREACHABLE', { url }, { cause: error });
  }
  if (!response.ok) throw new SealdeskError('TSA_REJECTED', { reason: `HTTP ${response.status}` });
  return readReply(body, digest, hash, nonce);
}

function readReply(body: Buffer, digest: Buffer, hash: HashName, nonce: Buffer): TimestampReply {
  let reply: TimeStampResp;
  try {
    reply = TimeStampResp.fromBER(body);
  } catch (error) {
    throw new SealdeskError('TSA_REJECTED', { reason: 'the reply is not a TimeStampResp', reasonZh: '应答不是 TimeStampResp' }, { cause: error });
  }
  const status = reply.status.status;
  if (status !== 0 && status !== 1) {
    const text = reply.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new SealdeskError('TSA_REJECTED', { reason: `status ${PKI_STATUS[status] ?? status}${text ? `: ${text}` : ''}` });
  }
  if (!reply.timeStampToken) throw new SealdeskError('TSA_REJECTED', { reason: 'granted without a token', reasonZh: '请求已获批准，但应答中没有时间戳令牌' });
  const token = Buffer.from(reply.timeStampToken.toSchema().toBER(false));
  let parsed: TimestampToken;
  try {
    parsed = decodeTimestampToken(token);
  } catch (error) {
    throw new SealdeskError('TSA_REJECTED', { reason: (error as Error).message }, { cause: error });
  }
  const { tstInfo } = parsed;
  const imprint = tstInfo.messageImprint;
  if (imprint.hashAlgorithm.algorithmId !== hashOid(hash) || !Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).equals(digest)) {
    throw new SealdeskError('TSA_REJECTED', { reason: 'the token stamps other data (message imprint mismatch)', reasonZh: '时间戳令牌针对的是其他数据（消息摘要不一致）' });
  }
  if (!tstInfo.nonce || !Buffer.from(tstInfo.nonce.valueBlock.valueHexView).equals(nonce)) {
    throw new SealdeskError('TSA_REJECTED', { reason: 'the token does not answer this request (nonce mismatch)', reasonZh: '时间戳令牌与本次请求不对应（随机数不一致）' });
  }
  return { token, genTime: tstInfo.genTime, serialNumber: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'), parsed };
}
