// Page helpers shared by the browser tests: typing like a person, the phone-width check, logging in.
import assert from 'node:assert/strict';

import { horizontalOverflow } from './server.mjs';

/** Types into the input labelled `label` like a person: focus it, select what is there, type. */
export async function typeInto(page, label, text) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  return input;
}

/** Nothing on the page is wider than the viewport (a phone must not scroll sideways). */
export async function assertFitsThePhone(page, what) {
  const overflow = await horizontalOverflow(page);
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the viewport`);
}

/** Logs in through the header's 登录 link and the form (Enter submits). */
export async function logIn(page, email, password) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  await typeInto(page, '电子邮箱', email);
  await typeInto(page, '密码', password);
  await page.keyboard.press('Enter');
}
