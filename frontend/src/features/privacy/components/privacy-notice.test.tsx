import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';

import { NOTICE_VERSION } from '../lib/notice-version';
import { PrivacyNotice } from './privacy-notice';

describe('PrivacyNotice', () => {
  it('shows the version the backend records consent to, and every right in both languages', () => {
    render(
      <MemoryRouter>
        <PrivacyNotice />
      </MemoryRouter>,
    );
    expect(screen.getByTestId('notice-version').textContent).toContain(`版本 ${NOTICE_VERSION}`);
    for (const heading of ['我们收集哪些信息，为什么', '谁能看到', '保存多久', '你的权利，以及怎么做', 'Your rights']) {
      expect(screen.getByRole('heading', { name: heading })).toBeTruthy();
    }
    expect(screen.getByRole('link', { name: '个人中心 → 我的数据' }).getAttribute('href')).toBe('/me/data');
    expect(screen.getByRole('link', { name: '个人中心 → 注销账号' }).getAttribute('href')).toBe('/me/close');
  });
});
