import { receiptJob, type ReceiptJob } from '../../../drivers/receipt/job/receipt-job.js';

export interface StampReceiptContent {
  /** 盖章回执 / 受理回执: what the citizen takes home. */
  title: string;
  sealName: string;
  organisation: string;
  /** ISO time of the stamp. */
  time: string;
  documentHash: string;
  eventId: string;
  /** The QR code: the verification URL, or a licence code. */
  qr: string | null;
  /** 证照码: opens the holder's licence record, as a second QR code with its caption; only on the receipt printed at issue. */
  licenceCode?: string;
}

/** Beijing time as 2026-12-04 17:30, the way a receipt reads. */
function hallTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return t.toISOString().slice(0, 16).replace('T', ' ');
}

/** The receipt for one stamp: no citizen data on it, only what lets anyone check the document. */
export function stampReceipt(content: StampReceiptContent): ReceiptJob {
  const job = receiptJob().align('centre').bold().size(2).line(content.title).size(1).bold(false).align('left').line();
  job.line(`印章：${content.sealName}`);
  job.line(`单位：${content.organisation}`);
  job.line(`时间：${hallTime(content.time)}`);
  job.line(`文件摘要：${content.documentHash.slice(0, 16)}…`);
  job.line(`事件：${content.eventId}`);
  if (content.qr) job.line().align('centre').qr(content.qr, { moduleSize: 5, errorLevel: 'M' }).line('扫码验真 Scan to verify').align('left');
  if (content.licenceCode) {
    job.line().align('centre').qr(content.licenceCode, { moduleSize: 4, errorLevel: 'M' }).line('证照码 Licence code').line('凭此码在任一节点查阅本人证照，请妥善保管').align('left');
  }
  return job.feedAndCut(3).build();
}
