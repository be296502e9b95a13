// API helpers shared by the browser tests: the dev outbox (activation links, SMS codes) and a
// registration completed through the API in a second, so a test can start from a real student.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export const PASSWORD = 'Xuexin2026ok';
export const newEmail = () => `student-${randomBytes(5).toString('hex')}@example.cn`;
export const newPhone = () => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** Fast password hashing and a quick outbox, so the flows take seconds. */
export const FAST = { APP_ARGON2_MEMORY_KIB: '1024', APP_ARGON2_ITERATIONS: '1', APP_OUTBOX_POLL_MS: '100' };

/** The newest message of `channel` to `to` whose body matches `pattern`, from the dev outbox (polled for up to 10 s). */
export async function fromOutbox(base, to, channel, pattern) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
    assert.equal(response.status, 200, 'GET /api/v1/dev/outbox');
    const { items } = await response.json();
    for (const item of items) {
      const match = item.channel === channel ? pattern.exec(item.body) : null;
      if (match) return match[1] ?? match[0];
    }
    await sleep(200);
  }
  throw new Error(`no ${channel} to ${to} matching ${pattern} in the dev outbox within 10 s`);
}

/** The newest activation link mailed to `email`. */
export const activationLink = (base, email) => fromOutbox(base, email, 'email', /https?:\/\/\S+\/activate\?token=[\w-]+/);

/** The newest SMS code (6 digits) sent to `phone`. */
export const smsCode = (base, phone) => fromOutbox(base, phone, 'sms', /(?<!\d)(\d{6})(?!\d)/);

/** A JSON call; fails the test unless the status is `expected`. Resolves to the parsed body (or null). */
export async function callApi(base, method, path, { body, token, expected = 200 } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, expected, `${method} ${path}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The version of the privacy notice in force, which a registration must agree to. */
export async function noticeVersion(base) {
  return (await callApi(base, 'GET', '/api/v1/privacy-notice')).version;
}

/**
 * A complete registration through the API (register → activation link from the dev outbox →
 * activate → real name → phone code from the dev outbox → verify → complete), as the UI does it.
 * Resolves to the login details.
 */
export async function registerStudent(base, { name, idNumber, email = newEmail(), password = PASSWORD, phone = newPhone() }) {
  const consent_version = await noticeVersion(base);
  await callApi(base, 'POST', '/api/v1/accounts', { body: { email, password, consent_version }, expected: 201 });
  return finishRegistration(base, { name, idNumber, email, password, phone });
}

/** The steps after `POST /api/v1/accounts` (e.g. done through the UI), through the API. */
export async function finishRegistration(base, { name, idNumber, email, password = PASSWORD, phone = newPhone() }) {
  const link = new URL(await activationLink(base, email));
  const { registration_token: token } = await callApi(base, 'POST', '/api/v1/accounts/activation', {
    body: { token: link.searchParams.get('token') },
  });
  const identity = await callApi(base, 'PUT', '/api/v1/registration/identity', { body: { name, id_number: idNumber }, token });
  await callApi(base, 'POST', '/api/v1/registration/phone/code', { body: { phone }, token, expected: 202 });
  const code = await smsCode(base, phone);
  await callApi(base, 'POST', '/api/v1/registration/phone/verify', { body: { phone, code }, token });
  await callApi(base, 'POST', '/api/v1/registration/complete', { token });
  return { email, password, phone, recordsFound: identity.records_found };
}

/** Logs in through the API: the access token. */
export async function apiLogin(base, { email, password }) {
  const { access_token: token } = await callApi(base, 'POST', '/api/v1/sessions', { body: { email, password } });
  return token;
}

/** A first password for `xuexin staff create --password`, which the member must change at once. */
export const FIRST_STAFF_PASSWORD = 'First2026ab';

/**
 * The first-login step of a staff account made by `xuexin staff create` (issue 16), through the
 * API: logs in with `FIRST_STAFF_PASSWORD`, sets `password` as the member's own, logs out.
 */
export async function chooseStaffPassword(base, { email, password }) {
  const { access_token: token } = await callApi(base, 'POST', '/api/v1/staff/sessions', { body: { email, password: FIRST_STAFF_PASSWORD } });
  await callApi(base, 'PUT', '/api/v1/staff/me/password', { body: { current_password: FIRST_STAFF_PASSWORD, new_password: password }, token, expected: 204 });
  await callApi(base, 'DELETE', '/api/v1/staff/sessions/current', { token, expected: 204 });
}
