import { afterEach, describe, expect, it, vi } from 'vitest';

import { ACCESS_TOKEN_OPERATIONS } from '@/api/auth-middleware';
import { session } from '@/lib/session';
import { json, noContent, problem, stubApi } from '@/testing/http';
import { MemoryStorage } from '@/testing/memory-storage';

import { getStaffMe } from './get-staff-me';
import { isStaffPath } from '@/api/staff-client';
import { staffLogout } from './staff-logout';
import { roleText } from './roles';
import { STAFF_STORAGE_KEY, staffSession, StaffSessionStore } from './staff-session';

const admin = { id: 's1', email: 'admin@example.cn', role: 'platform_admin' as const, school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const body = { access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff: admin };

afterEach(() => staffSession.clear('logout'));

describe('StaffSessionStore', () => {
  it('keeps the token and who it is in sessionStorage, so a reload (a new store) has them', () => {
    const storage = new MemoryStorage();
    const store = new StaffSessionStore(storage);
    expect(store.isLoggedIn()).toBe(false);
    store.start(body);
    expect(store.token()).toBe('staff-1');
    expect(JSON.parse(storage.getItem(STAFF_STORAGE_KEY) ?? '{}')).toMatchObject({ access_token: 'staff-1', staff: admin });
    const reloaded = new StaffSessionStore(storage);
    expect(reloaded.token()).toBe('staff-1');
    expect(reloaded.staff()).toEqual(admin);
  });

  it('ends the session once its 8 hours are over (no renewal), telling the listeners why', () => {
    let now = 1_000_000;
    const store = new StaffSessionStore(new MemoryStorage(), () => now);
    const ended = vi.fn();
    store.onEnd(ended);
    store.start(body);
    now += 28_799_000;
    expect(store.token()).toBe('staff-1');
    now += 1_000;
    expect(store.token()).toBeNull();
    expect(store.staff()).toBeNull();
    expect(ended).toHaveBeenCalledWith('expired');
  });

  it('ignores a damaged stored value and notifies subscribers on change', () => {
    const storage = new MemoryStorage();
    storage.setItem(STAFF_STORAGE_KEY, '{not json');
    const store = new StaffSessionStore(storage);
    expect(store.isLoggedIn()).toBe(false);
    const changed = vi.fn();
    store.subscribe(changed);
    store.start(body);
    store.setStaff({ ...admin, email: 'new@example.cn' });
    store.clear('logout');
    expect(changed).toHaveBeenCalledTimes(3);
    expect(storage.getItem(STAFF_STORAGE_KEY)).toBeNull();
  });
});

describe('the staff client', () => {
  it('handles the staff operations (staff-client.test.ts checks them against openapi.yaml); the student list stays without them', () => {
    expect(isStaffPath('/api/v1/staff/me')).toBe(true);
    expect(isStaffPath('/api/v1/imports/{kind}')).toBe(true);
    expect(isStaffPath('/api/v1/me')).toBe(false);
    expect([...ACCESS_TOKEN_OPERATIONS].some((operation) => isStaffPath(operation.split(' ')[1] ?? ''))).toBe(false);
  });

  it('sends the staff token (never the student one) to staff operations', async () => {
    session.start({ access_token: 'student-1', refresh_token: 'refresh-1' });
    staffSession.start(body);
    const { calls } = stubApi({ 'GET /api/v1/staff/me': () => json(200, admin) });
    const outcome = await getStaffMe();
    expect(outcome.ok).toBe(true);
    expect(calls[0]?.authorization).toBe('Bearer staff-1');
  });

  it('ends the staff session on a 401', async () => {
    staffSession.start(body);
    const ended = vi.fn();
    const off = staffSession.onEnd(ended);
    stubApi({ 'GET /api/v1/staff/me': () => problem(401, 'session_revoked', '登录已失效。') });
    const outcome = await getStaffMe();
    off();
    expect(outcome.ok).toBe(false);
    expect(staffSession.isLoggedIn()).toBe(false);
    expect(ended).toHaveBeenCalledWith('expired');
  });

  it('退出 deletes the current session and forgets it, even without an answer', async () => {
    staffSession.start(body);
    const { calls } = stubApi({ 'DELETE /api/v1/staff/sessions/current': () => noContent() });
    await staffLogout();
    expect(calls[0]).toMatchObject({ method: 'DELETE', authorization: 'Bearer staff-1' });
    expect(staffSession.isLoggedIn()).toBe(false);

    staffSession.start(body);
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('network down'))));
    await staffLogout();
    expect(staffSession.isLoggedIn()).toBe(false);
  });
});

describe('roleText', () => {
  it('names the role in Chinese with its scope', () => {
    expect(roleText(admin)).toBe('平台管理员');
    expect(roleText({ role: 'school_admin', school_code: '10001' })).toBe('院校管理员（院校代码 10001）');
    expect(roleText({ role: 'provincial_reviewer', province_code: '11' })).toBe('省级审核员（省份代码 11）');
    expect(roleText({ role: 'support' })).toBe('客服');
    expect(roleText({ role: 'image_operator' })).toBe('图像采集人员');
  });
});
