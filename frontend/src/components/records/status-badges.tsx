import { Badge } from '@/components/ui/badge';

import { enrollmentStatusInfo, REPORT_STATES, type ReportStateName } from '@/lib/record-vocab';

/** 学籍状态 as a coloured badge with its text (在籍, 休学, 退学, 毕业, 结业, 注销). */
export function EnrollmentStatusBadge({ status }: { status: string }) {
  const info = enrollmentStatusInfo(status);
  return (
    <Badge tone={info.tone} srPrefix="学籍状态：" testId="enrollment-status">
      {info.label}
    </Badge>
  );
}

/** 资格待查: the school is still checking the record the enrollment rests on. */
export function QualificationPendingBadge() {
  return (
    <Badge tone="warn" outline testId="qualification-pending">
      资格待查
    </Badge>
  );
}

/** The one-line explanation that goes with 资格待查. */
export const QUALIFICATION_PENDING_TEXT = '学校正在核查你入学所依据的前置学历（如专升本的专科学籍），核查完成后此标记会自动消失。';

/** 更正申请中: the school has proposed a correction of the record; the provincial authority reviews it. */
export function CorrectionPendingBadge() {
  return (
    <Badge tone="info" outline testId="correction-pending">
      更正申请中
    </Badge>
  );
}

/** The one-line explanation that goes with 更正申请中. */
export const CORRECTION_PENDING_TEXT = '学校已提交更正，等待省级教育部门审核。';

/** 有效 / 已过期 / 已撤销. */
export function ReportStateBadge({ state }: { state: ReportStateName }) {
  const info = REPORT_STATES[state] ?? { label: state, tone: 'neutral' as const };
  return (
    <Badge tone={info.tone} srPrefix="状态：" testId="report-state">
      {info.label}
    </Badge>
  );
}
