import { Command, Option } from 'commander';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import type { ChainVerificationReport } from '../../ledger/verify-on-chain.js';
import type { Language } from '../../pades/index.js';
import { stampReportText, verifyPdf, type StampVerificationReport } from '../../verification/index.js';
import { commandAction } from '../command-action.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printJson, reportError } from '../output.js';

interface VerifyOptions {
  json?: boolean;
  trust?: string[];
  crl?: string[];
  lang?: Language;
}

/** 0 every signature valid, 1 any invalid, 2 could not check. */
function exitCodeOf(report: StampVerificationReport): number {
  return report.status === 'valid' ? EXIT_OK : report.status === 'invalid' ? EXIT_FAILED : EXIT_USAGE;
}

/** The report text; the chain lines go before the closing result line. */
async function textOf(report: StampVerificationReport | ChainVerificationReport, language: Language): Promise<string> {
  const lines = stampReportText(report, language).split('\n');
  if ('chain' in report) lines.splice(lines.length - 1, 0, ...(await import('../../ledger/verify-on-chain.js')).chainReportLines(report, language));
  return lines.join('\n');
}

/**
 * The chain's view too when a chain is configured. Its code (viem, the contract's compiler) is
 * loaded only then: a terminal without nodes verifies in a fraction of the time (cli-start bench).
 */
async function withChain(local: StampVerificationReport, file: string, home: string): Promise<StampVerificationReport | ChainVerificationReport> {
  const config = loadLedgerConfig(home);
  if (config.rpcUrls.length === 0) return local;
  const [{ chainConfigured }, { verifyOnChain }] = await Promise.all([import('../../ledger/seal-chain.js'), import('../../ledger/verify-on-chain.js')]);
  return chainConfigured(config) ? verifyOnChain(local, file, home, config) : local;
}

export default function verifyCommand(): Command {
  return new Command('verify')
    .description('check every signature of a PDF: integrity, certificate chain, revocation, seal status, PAdES level; exit 0 valid, 1 invalid, 2 could not check')
    .argument('<file>', 'the PDF')
    .option('--trust <pem...>', 'trust these roots too (besides the dev CA root and config.json verify.trustAnchors)')
    .option('--crl <file...>', 'CRLs (DER) to check revocation with')
    .addOption(new Option('--lang <lang>', 'language of the report (default both)').choices(['zh', 'en']))
    .option('--json', 'machine-readable output')
    .action(
      commandAction<VerifyOptions>(async (ctx, o, args) => {
        try {
          const local = await verifyPdf(args[0]!, { home: ctx.home, ...(o.trust ? { trustAnchors: o.trust } : {}), ...(o.crl ? { crls: o.crl } : {}) });
          // with a chain configured: the seal's status on chain at the stamp's time, and the stamp event's proof against the anchored root
          const report = await withChain(local, args[0]!, ctx.home);
          if (o.json) printJson(report);
          else console.log((await Promise.all((o.lang ? [o.lang] : (['zh', 'en'] as const)).map((l) => textOf(report, l)))).join('\n\n'));
          return exitCodeOf(report);
        } catch (error) {
          // an unreadable file is "could not check", not "invalid"
          reportError(error, o.json === true);
          return EXIT_USAGE;
        }
      }),
    );
}
