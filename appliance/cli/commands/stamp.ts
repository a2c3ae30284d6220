import { Command, Option } from 'commander';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { AuditLog } from '../../audit/audit-log.js';
import { SealEventLog } from '../../ledger/seal-events.js';
import type { PadesLevel } from '../../pades/index.js';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import { stampBatch, stampDocument, type BatchItem, type Placement, type StampDeps, type StampRequest, type StampResult } from '../../stamping/index.js';
import { cliActor } from '../cli-actor.js';
import { commandAction } from '../command-action.js';
import { EXIT_FAILED, EXIT_OK, printJson } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';

interface StampOptions {
  output?: string;
  seal: string;
  page?: string;
  x?: string;
  y?: string;
  size?: string;
  atText?: string;
  field?: string;
  crossPage?: boolean;
  pages?: string;
  level: PadesLevel;
  tsa?: string;
  qr: boolean;
  batch?: string;
  json?: boolean;
  module?: string;
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new SealdeskError('USAGE', { reason: `${flag} takes a number`, reasonZh: `${flag} 须为数字` });
  return n;
}

/** --x/--y (with --page, --size), --at-text or --field: exactly one way. */
function placementOf(o: StampOptions): Placement {
  const size = number(o.size, '--size');
  const ways = [o.x !== undefined || o.y !== undefined, o.atText !== undefined, o.field !== undefined].filter(Boolean).length;
  if (ways !== 1) throw new SealdeskError('USAGE', { reason: 'say where the seal goes: --x X --y Y [--page N], --at-text TEXT or --field NAME', reasonZh: '请指定盖章位置：--x X --y Y [--page N]、--at-text 文字或 --field 签章域名称' });
  if (o.atText !== undefined) return { kind: 'text', text: o.atText, ...(size ? { size } : {}) };
  if (o.field !== undefined) return { kind: 'field', name: o.field };
  const x = number(o.x, '--x');
  const y = number(o.y, '--y');
  if (x === undefined || y === undefined) throw new SealdeskError('USAGE', { reason: '--x and --y go together', reasonZh: '--x 和 --y 须同时指定' });
  return { kind: 'position', page: number(o.page, '--page') ?? 1, x, y, ...(size ? { size } : {}) };
}

function pagesOf(o: StampOptions): StampRequest['crossPage'] {
  if (!o.crossPage) {
    if (o.pages) throw new SealdeskError('USAGE', { reason: '--pages goes with --cross-page', reasonZh: '--pages 只能与 --cross-page 一起使用' });
    return undefined;
  }
  if (!o.pages) return {};
  const match = /^(\d+)-(\d+)$/.exec(o.pages);
  if (!match) throw new SealdeskError('USAGE', { reason: '--pages takes a range like 2-5', reasonZh: '--pages 须为页码范围，如 2-5' });
  return { from: Number(match[1]), to: Number(match[2]) };
}

function resultLine(r: StampResult): string {
  return `已盖章 / stamped: ${r.output}  seal ${r.sealId}  ${r.level}  page ${r.page}  event ${r.eventId}  sha256 ${r.documentHash}`;
}

function itemLine(item: BatchItem): string {
  return item.ok ? `ok    ${item.input} → ${item.result.output}  event ${item.result.eventId}` : `FAIL  ${item.input}  ${item.error.code}: ${item.error.message_zh} / ${item.error.message_en}`;
}

export default function stampCommand(): Command {
  return new Command('stamp')
    .description('stamp a PDF (or every PDF of --batch DIR) with a seal: PAdES signature, visible seal, QR code (PIN from SEALDESK_PIN or a prompt)')
    .argument('[input]', 'the PDF to stamp')
    .option('-o, --output <path>', 'the stamped PDF (with --batch: the output folder)')
    .requiredOption('--seal <id>', 'seal id (sealdesk seal list)')
    .option('--page <n>', 'page of the seal, 1-based (default 1)')
    .option('--x <pt>', 'left edge of the seal, PDF points from the left')
    .option('--y <pt>', 'lower edge of the seal, PDF points from the bottom')
    .option('--size <pt>', 'seal width in points (default 119, 42 mm)')
    .option('--at-text <text>', 'centre the seal on this text, e.g. 盖章处')
    .option('--field <name>', 'sign this empty signature field of the document')
    .option('--cross-page', '骑缝章: the seal in slices on the right edge of the pages')
    .option('--pages <a-b>', 'pages of the cross-page seal (default all)')
    .addOption(new Option('--level <level>', 'PAdES baseline level').choices(['B-B', 'B-T', 'B-LT', 'B-LTA']).default('B-B'))
    .option('--tsa <url>', 'RFC 3161 timestamp authority (B-T and above)')
    .option('--no-qr', 'leave out the QR verification code')
    .option('--batch <dir>', 'stamp every PDF in this folder into --output')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<StampOptions>(async (ctx, o, args): Promise<number> => {
        if (!o.output) throw new SealdeskError('USAGE', { reason: 'say where the output goes: -o PATH', reasonZh: '请用 -o 路径指定输出位置' });
        if (o.batch ? args[0] !== undefined : args[0] === undefined) throw new SealdeskError('USAGE', { reason: 'name one input PDF, or --batch DIR', reasonZh: '请指定一个输入 PDF 文件，或用 --batch 目录' });
        const crossPage = pagesOf(o);
        const common = {
          sealId: o.seal,
          placement: placementOf(o),
          level: o.level,
          qr: o.qr,
          ...(o.tsa ? { tsaUrl: o.tsa } : {}),
          ...(crossPage ? { crossPage } : {}),
        };
        const registry = SealRegistry.open(ctx.home);
        // The stamp records its seal event in the local outbox, chain or not (the outbox needs no
        // node; the ledger worker anchors the backlog once a chain is configured), and its audit
        // entry, as the service's stamps do.
        const events = new SealEventLog(ctx.home);
        let audit: AuditLog | undefined;
        try {
          audit = AuditLog.open(ctx.home);
          const pkcs11 = await ctx.pkcs11();
          const deps: StampDeps = {
            home: ctx.home,
            registry,
            pkcs11,
            pin: () => pinFrom('SEALDESK_PIN', `用户口令 / user PIN for seal ${o.seal}: `),
            events,
            audit: { log: audit, actor: cliActor(), organisationId: null },
          };
          if (!o.batch) {
            const { result } = await stampDocument({ ...common, input: args[0]!, output: o.output }, deps);
            if (o.json) printJson(result);
            else console.log(resultLine(result));
            return EXIT_OK;
          }
          const items = await stampBatch(deps, o.batch, o.output, common, o.json ? undefined : (item) => console.log(itemLine(item)));
          const failed = items.filter((i) => !i.ok).length;
          if (o.json) printJson({ stamped: items.length - failed, failed, items });
          else console.log(`${items.length - failed} 份已盖章 / stamped, ${failed} 份失败 / failed`);
          return failed > 0 ? EXIT_FAILED : EXIT_OK;
        } finally {
          audit?.close();
          events.close();
          registry.close();
        }
      }),
    );
}
