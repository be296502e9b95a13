import type { components } from '@/api/schema';

/** An enrollment record as staff see it: the student's view + revocation and the pending request. */
export type StaffEnrollment = components['schemas']['StaffEnrollmentView'];
export type StaffEnrollmentPage = components['schemas']['Page_StaffEnrollmentView'];
export type ChangeRequest = components['schemas']['ChangeRequestView'];
export type QualificationResult = components['schemas']['QualificationResult'];
export type EnrollmentStatus = components['schemas']['EnrollmentStatus'];
export type Level = components['schemas']['Level'];
