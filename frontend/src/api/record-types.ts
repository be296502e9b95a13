import type { components } from '@/api/schema';

export type Enrollment = components['schemas']['EnrollmentView'];
export type Degree = components['schemas']['DegreeView'];
export type Report = components['schemas']['ReportView'];
export type PublicReport = components['schemas']['PublicReport'];
export type ReportedEnrollment = components['schemas']['ReportedEnrollment'];
export type ReportedDegree = components['schemas']['ReportedDegree'];
export type DegreeCheckResult = components['schemas']['DegreeCheck'];
export type RecordType = components['schemas']['RecordTypeName'];
