import type { Degree, Enrollment, RecordType } from '@/api/record-types';
import { formatDate } from '@/lib/format';
import { enrollmentStatusInfo, RECORD_TYPE_LABELS } from '@/lib/record-vocab';

/** One record a report can vouch for, described for a choice and for the report list. */
export interface RecordOption {
  key: string;
  type: RecordType;
  id: string;
  /** `学历 · 清华大学` */
  title: string;
  /** `电子信息工程 · 本科 · 2023年7月1日毕业 · 证书编号 100031202305000123` */
  detail: string;
}

export function recordOptions(enrollments: Enrollment[], degrees: Degree[]): RecordOption[] {
  return [
    ...degrees.map((degree) => ({
      key: `degree:${degree.id}`,
      type: 'degree' as const,
      id: degree.id,
      title: `${RECORD_TYPE_LABELS.degree} · ${degree.school_name}`,
      detail: `${degree.major} · ${degree.level} · ${formatDate(degree.graduation_date)}毕业 · 证书编号 ${degree.certificate_no}`,
    })),
    ...enrollments.map((enrollment) => ({
      key: `enrollment:${enrollment.id}`,
      type: 'enrollment' as const,
      id: enrollment.id,
      title: `${RECORD_TYPE_LABELS.enrollment} · ${enrollment.school_name}`,
      detail: `${enrollment.major} · ${enrollment.level} · ${enrollmentStatusInfo(enrollment.status).label} · 学号 ${enrollment.student_no}`,
    })),
  ];
}
