import { api, request } from '@/api/client';
import { session } from '@/lib/session';

/**
 * 退出注册: `DELETE /api/v1/registration` revokes the registration token on the server, and this tab
 * forgets it whatever the answer — the next user of the tab must not read what was entered.
 */
export async function abandonRegistration(): Promise<void> {
  if (session.registrationToken()) await request(api.DELETE('/api/v1/registration'));
  session.setRegistrationToken(null);
}
