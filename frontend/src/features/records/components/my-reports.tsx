import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { ApiResult } from '@/api/client';
import { Loading, LoadError } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';

import { listMyDegrees } from '../api/list-degrees';
import { listMyEnrollments } from '../api/list-enrollments';
import { listMyReports } from '../api/list-reports';
import type { Degree, Enrollment, RecordType, Report } from '@/api/record-types';
import { CreateReportForm } from './create-report-form';
import { recordOptions, type RecordOption } from './record-options';
import { ReportItem } from './report-item';
import styles from './reports.module.css';

export interface ReportsPageData {
  enrollments: Enrollment[];
  degrees: Degree[];
  reports: Report[];
}

/** The student's records (to choose from) and reports, in one go: any failure fails the page. */
export async function loadReportsPage(signal: AbortSignal): Promise<ApiResult<ReportsPageData>> {
  const [enrollments, degrees, reports] = await Promise.all([listMyEnrollments(signal), listMyDegrees(signal), listMyReports(signal)]);
  if (!enrollments.ok) return enrollments;
  if (!degrees.ok) return degrees;
  if (!reports.ok) return reports;
  return {
    ok: true,
    data: { enrollments: enrollments.data.items, degrees: degrees.data.items, reports: reports.data.items },
    response: reports.response,
  };
}

function requestedRecord(params: URLSearchParams): { type: RecordType; id: string } | null {
  const type = params.get('record_type');
  const id = params.get('record_id');
  if ((type !== 'enrollment' && type !== 'degree') || !id) return null;
  return { type, id };
}

/**
 * 在线验证报告: create one for a record (chosen here, or arriving with `?record_type=&record_id=`
 * from a record's card), and the list of reports with 复制链接, 打印, 延期 and 撤销.
 */
export function MyReports() {
  const [params] = useSearchParams();
  const { result, retry, update } = useApiQuery(loadReportsPage);
  const requested = requestedRecord(params);
  const data = result.state === 'ok' ? result.data : null;
  const options = useMemo(() => (data ? recordOptions(data.enrollments, data.degrees) : []), [data]);
  const [justCreated, setJustCreated] = useState<string | null>(null);

  if (result.state === 'loading') return <Loading>正在读取你的记录和验证报告…</Loading>;
  if (result.state === 'error') return <LoadError error={result.error} onRetry={retry} />;
  const { reports } = result.data;
  const byKey = new Map<string, RecordOption>(options.map((option) => [option.key, option]));

  const replace = (report: Report) =>
    update((previous) => ({ ...previous, reports: previous.reports.map((item) => (item.code === report.code ? report : item)) }));

  return (
    <>
      <Panel title="生成验证报告" testId="create-report">
        {options.length === 0 ? (
          <p data-testid="no-records-for-report">
            你的账号下还没有学籍或学历记录，暂时不能生成验证报告。请先查看 <Link to="/me/enrollments">学籍信息</Link> 和{' '}
            <Link to="/me/degrees">学历信息</Link> 页面上的说明。
          </p>
        ) : (
          <CreateReportForm
            options={options}
            requested={requested}
            onCreated={(report) => {
              update((previous) => ({ ...previous, reports: [report, ...previous.reports.filter((item) => item.code !== report.code)] }));
              setJustCreated(report.code);
            }}
          />
        )}
      </Panel>

      <Panel title="我的验证报告" testId="report-list">
        {reports.length === 0 ? (
          <p className={styles.empty} data-testid="no-reports">
            你还没有生成过验证报告。生成后，把验证码或链接发给需要核实的单位，对方在“在线验证”页面输入验证码即可查看。
          </p>
        ) : (
          <>
            <p className={styles.listIntro}>共 {reports.length} 份。时间均为北京时间。</p>
            <ul className={styles.reports}>
              {reports.map((report) => (
                <ReportItem
                  key={report.code}
                  report={report}
                  record={byKey.get(`${report.record_type}:${report.record_id}`)}
                  highlighted={report.code === justCreated}
                  onChange={replace}
                />
              ))}
            </ul>
          </>
        )}
      </Panel>
    </>
  );
}
