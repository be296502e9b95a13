import type { ReactNode } from 'react';

import type { Degree, Enrollment, ReportedDegree, ReportedEnrollment } from '@/api/record-types';
import { formatDate } from '@/lib/format';
import { FactList, type Fact } from '@/components/ui/fact-list';
import styles from './record-facts.module.css';
import { EnrollmentStatusBadge, QualificationPendingBadge } from './status-badges';

/** The facts of a 学籍 record; `idNumber` replaces the plain number (the owner's 显示 toggle). */
export function enrollmentFacts(enrollment: Enrollment, idNumber: ReactNode = enrollment.id_number): Fact[] {
  return [
    { label: '姓名', value: enrollment.name, testId: 'fact-name' },
    { label: '身份证号', value: idNumber, testId: 'fact-id-number' },
    { label: '性别', value: enrollment.sex },
    { label: '出生日期', value: formatDate(enrollment.birth_date) },
    { label: '民族', value: enrollment.ethnicity },
    { label: '学号', value: enrollment.student_no, testId: 'fact-student-no' },
    { label: '专业', value: enrollment.major },
    { label: '层次', value: enrollment.level },
    { label: '学习形式', value: enrollment.study_form },
    { label: '入学日期', value: formatDate(enrollment.entry_date) },
    { label: '预计毕业日期', value: formatDate(enrollment.expected_graduation) },
  ];
}

/** The facts of a 学历 record (graduation certificate). */
export function degreeFacts(degree: Degree, idNumber: ReactNode = degree.id_number): Fact[] {
  return [
    { label: '证书编号', value: degree.certificate_no, testId: 'fact-certificate-no' },
    { label: '姓名', value: degree.name, testId: 'fact-name' },
    { label: '身份证号', value: idNumber, testId: 'fact-id-number' },
    { label: '毕业院校', value: degree.school_name, testId: 'fact-school' },
    { label: '专业', value: degree.major },
    { label: '层次', value: degree.level },
    { label: '学习形式', value: degree.study_form },
    { label: '毕业日期', value: formatDate(degree.graduation_date) },
  ];
}

/**
 * A 学籍 record as a verification report shows it: what a verifier needs to match a person to a
 * record, with its status. No ID number and no birth date (the server sends neither).
 */
export function ReportedEnrollmentFacts({ enrollment }: { enrollment: ReportedEnrollment }) {
  const facts: Fact[] = [
    { label: '姓名', value: enrollment.name, testId: 'fact-name' },
    { label: '性别', value: enrollment.sex },
    { label: '院校', value: enrollment.school_name, testId: 'fact-school' },
    { label: '层次', value: enrollment.level },
    { label: '学习形式', value: enrollment.study_form },
    { label: '入学日期', value: formatDate(enrollment.entry_date) },
    { label: '预计毕业日期', value: formatDate(enrollment.expected_graduation) },
    {
      label: '学籍状态',
      value: (
        <span className={styles.badges}>
          <EnrollmentStatusBadge status={enrollment.status} />
          {enrollment.qualification_pending && <QualificationPendingBadge />}
        </span>
      ),
    },
  ];
  return <FactList facts={facts} testId="public-record" />;
}

/** A 学历 record as a verification report shows it (no ID number). */
export function ReportedDegreeFacts({ degree }: { degree: ReportedDegree }) {
  const facts: Fact[] = [
    { label: '姓名', value: degree.name, testId: 'fact-name' },
    { label: '性别', value: degree.sex },
    { label: '毕业院校', value: degree.school_name, testId: 'fact-school' },
    { label: '层次', value: degree.level },
    { label: '学习形式', value: degree.study_form },
    { label: '毕业日期', value: formatDate(degree.graduation_date) },
  ];
  return <FactList facts={facts} testId="public-record" />;
}

/** A 学历 record as the public degree check shows it (ID number masked by the server). */
export function PublicDegreeFacts({ degree }: { degree: Degree }) {
  return <FactList facts={degreeFacts(degree)} testId="public-record" />;
}
