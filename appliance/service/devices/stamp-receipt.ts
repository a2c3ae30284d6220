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
  /** Extra lines, e.g. the licence code's caption. */
  lines?: string[];
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
  for (const line of content.lines ?? []) job.line(line);
  if (content.qr) job.line().align('centre').qr(content.qr, { moduleSize: 5, errorLevel: 'M' }).line('扫码验真 Scan to verify').align('left');
  return job.feedAndCut(3).build();
}
