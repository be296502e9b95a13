import { request } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from '@/api/staff-client';

export type StaffMeView = components['schemas']['StaffMeView'];
export type EnrolmentBody = components['schemas']['EnrolmentBody'];

/** `GET /api/v1/staff/me`: who I am and the setup steps left (`password`, `second_factor`). */
export function getStaffMeSetup() {
  return request(staffApi.GET('/api/v1/staff/me'));
}

/** `PUT /api/v1/staff/me/password`: my own password (the current one is checked). */
export function changeOwnStaffPassword(body: components['schemas']['ChangeOwnPasswordRequest']) {
  return request(staffApi.PUT('/api/v1/staff/me/password', { body }));
}

/** `POST /api/v1/staff/me/second-factor/enrolment`: a new secret (base32 + `otpauth://` URI), pending. */
export function startSecondFactorEnrolment() {
  return request(staffApi.POST('/api/v1/staff/me/second-factor/enrolment'));
}

/** `POST /api/v1/staff/me/second-factor`: one code confirms the pending secret → ten recovery codes. */
export function confirmSecondFactor(code: string) {
  return request(staffApi.POST('/api/v1/staff/me/second-factor', { body: { code } }));
}

/** `POST /api/v1/staff/me/second-factor/recovery-codes`: ten new recovery codes (a code from the app). */
export function regenerateRecoveryCodes(code: string) {
  return request(staffApi.POST('/api/v1/staff/me/second-factor/recovery-codes', { body: { code } }));
}

/** `DELETE /api/v1/staff/me/second-factor`: turn it off (optional roles; password + code). */
export function turnOffSecondFactor(body: components['schemas']['TurnOffRequest']) {
  return request(staffApi.DELETE('/api/v1/staff/me/second-factor', { body }));
}

/** `POST /api/v1/staff/accounts/{id}/second-factor/reset`: an admin resets someone's second factor, with a reason. */
export function resetStaffSecondFactor(id: string, reason: string) {
  return request(staffApi.POST('/api/v1/staff/accounts/{id}/second-factor/reset', { params: { path: { id } }, body: { reason } }));
}

/** `POST /api/v1/staff/setup`: a new staff member sets their own password with a one-time setup link. */
export function setStaffPasswordByLink(body: components['schemas']['SetupPasswordRequest']) {
  return request(staffApi.POST('/api/v1/staff/setup', { body }));
}
