import { Link, useParams } from 'react-router';

import type { ApiResult } from '@/api/client';
import { DocumentTitle } from '@/components/document-title';
import { FormAlert } from '@/components/form/form-alert';
import { Button } from '@/components/ui/button';
import { Loading, LoadError } from '@/components/ui/load-states';
import { useApiQuery } from '@/hooks/use-api-query';

import { getPublicReport } from '../api/get-public-report';
import { listMyReports } from '../api/list-reports';
import type { PublicReport, Report } from '@/api/record-types';
import { formatDateTime } from '@/lib/format';
import { groupReportCode, normalizeReportCode } from '../lib/report-code';
import { RECORD_TYPE_LABELS } from '@/lib/record-vocab';
import styles from './print.module.css';
import { QrCode } from '@/components/ui/qr-code';
import { ReportedDegreeFacts, ReportedEnrollmentFacts } from '@/components/records/record-facts';

type PrintData = { kind: 'ok'; report: Report; shown: PublicReport } | { kind: 'unavailable'; report: Report | null };

/**
 * The student's report (its link and state) and then what the public page shows for it: the
 * printout carries exactly what a checker will see.
 */
async function loadPrint(code: string, signal: AbortSignal): Promise<ApiResult<PrintData>> {
  const mine = await listMyReports(signal);
  if (!mine.ok) return mine;
  const report = mine.data.items.find((item) => item.code === code) ?? null;
  if (!report || report.state !== 'active') return { ok: true, data: { kind: 'unavailable', report }, response: mine.response };
  const shown = await getPublicReport(code, signal);
  if (!shown.ok) return shown;
  return { ok: true, data: { kind: 'ok', report, shown: shown.data }, response: shown.response };
}

const BACK = '/me/reports';

/** A clean A4 page of one report: portal, record facts, code, link and its QR code. */
export function ReportPrint() {
  const { code: param = '' } = useParams();
  const code = normalizeReportCode(param);
  const { result, retry } = useApiQuery((signal) => loadPrint(code, signal), code);

  const back = (
    <Link to={BACK} className={styles.back}>
      ← 返回在线验证报告
    </Link>
  );

  if (result.state === 'loading' || result.state === 'error') {
    return (
      <section className={styles.message} aria-labelledby="print-title">
        <DocumentTitle title="打印验证报告" />
        {back}
        <h1 id="print-title">打印验证报告</h1>
        {result.state === 'loading' ? <Loading>正在准备打印页面…</Loading> : <LoadError error={result.error} onRetry={retry} />}
      </section>
    );
  }

  const { data } = result;
  if (data.kind === 'unavailable') {
    const why = !data.report
      ? '你的验证报告中没有这个验证码。'
      : data.report.state === 'revoked'
        ? '这份验证报告已撤销，不能打印。'
        : '这份验证报告已过期；延期后即可打印。';
    return (
      <section className={styles.message} aria-labelledby="print-title">
        <DocumentTitle title="打印验证报告" />
        {back}
        <h1 id="print-title">打印验证报告</h1>
        <FormAlert tone="warning" testId="print-unavailable">
          <p>{why}</p>
        </FormAlert>
      </section>
    );
  }

  const { report, shown } = data;
  const kind = RECORD_TYPE_LABELS[shown.record_type];
  const grouped = groupReportCode(report.code);
  return (
    <div className={styles.printPage}>
      <DocumentTitle title={`${kind}在线验证报告 ${grouped}`} />
      <div className={styles.toolbar}>
        {back}
        <Button onClick={() => window.print()}>打印</Button>
        <p className={styles.toolbarHint}>请用 A4 纸纵向打印；也可以在打印对话框中选择“另存为 PDF”。</p>
      </div>

      <article className={styles.sheet} aria-labelledby="sheet-title" data-testid="print-sheet">
        <header className={styles.sheetHeader}>
          <span className={styles.logo} aria-hidden="true">
            学
          </span>
          <span>
            <span className={styles.portal}>学信网 · Xuexin</span>
            <span className={styles.portalSub}>高等教育学生信息服务平台（开源实现）</span>
          </span>
        </header>

        <h1 id="sheet-title" className={styles.sheetTitle}>
          {kind}在线验证报告
        </h1>

        <section aria-label={`${kind}信息`} className={styles.sheetFacts}>
          {shown.degree && <ReportedDegreeFacts degree={shown.degree} />}
          {shown.enrollment && <ReportedEnrollmentFacts enrollment={shown.enrollment} />}
        </section>

        <section className={styles.verifyBox} aria-label="在线验证">
          <figure className={styles.qr}>
            <QrCode value={report.verify_url} size={132} label={`验证网址 ${report.verify_url} 的二维码`} />
            <figcaption>扫码验证</figcaption>
          </figure>
          <dl className={styles.verifyFacts}>
            <div>
              <dt>验证码</dt>
              <dd className={styles.code} data-testid="print-code">
                {grouped}
              </dd>
            </div>
            <div>
              <dt>验证网址</dt>
              <dd className={styles.url} data-testid="print-url">
                {report.verify_url}
              </dd>
            </div>
            <div>
              <dt>有效期至</dt>
              <dd data-testid="print-expires">{formatDateTime(shown.expires_at)}（北京时间）</dd>
            </div>
          </dl>
        </section>

        <footer className={styles.sheetFooter}>
          <p>
            在有效期内，任何人都可以访问上面的验证网址或扫描二维码，输入验证码查验本报告；报告被撤销、过期，或所证明的记录不再属于本人后即失效。为保护个人信息，本报告不显示身份证号和出生日期。
          </p>
          <p>打印时间：{formatDateTime(new Date().toISOString())}（北京时间）。学信网 · Xuexin 是开源实现，并非官方网站。</p>
        </footer>
      </article>
    </div>
  );
}
