import type { VerificationStatus } from '../api/report.js';
import { Verdict } from './report-view.js';

/** The top of a code's report: its title, the big verdict and one sentence a non-expert reads at a glance. */
export function VerdictBanner({ status, title, summary }: { status: VerificationStatus; title: string; summary: string }) {
  return (
    <div class={`report-banner banner-${status}`}>
      <h2 id="report-title">{title}</h2>
      <Verdict status={status} big />
      <p class="report-summary">{summary}</p>
    </div>
  );
}
