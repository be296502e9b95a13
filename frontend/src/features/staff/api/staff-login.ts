import { request } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from '@/api/staff-client';

export type StaffLoginRequest = components['schemas']['StaffLoginRequest'];
export type StaffChallengeBody = components['schemas']['StaffChallengeBody'];
export type SecondFactorLoginRequest = components['schemas']['SecondFactorLoginRequest'];

/**
 * `POST /api/v1/staff/sessions`: a staff token for 8 hours and who it is (200), or, with a second
 * factor enrolled, a challenge for the code step (202, no token).
 */
export function staffLogin(body: StaffLoginRequest) {
  return request(staffApi.POST('/api/v1/staff/sessions', { body }));
}

/** Whether a login answer is the challenge of the code step. */
export function isChallenge(data: object): data is StaffChallengeBody {
  return 'challenge' in data;
}

/** `POST /api/v1/staff/sessions/second-factor`: the challenge and a code (or recovery code) → the staff token. */
export function staffLoginSecondFactor(body: SecondFactorLoginRequest) {
  return request(staffApi.POST('/api/v1/staff/sessions/second-factor', { body }));
}
