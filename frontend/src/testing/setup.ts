import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

import { session } from '@/lib/session';

afterEach(() => {
  cleanup();
  // The app's one session store outlives a test: start each test logged out.
  session.clear('logout');
  session.setRegistrationToken(null);
  localStorage.clear();
  sessionStorage.clear();
  vi.useRealTimers();
});
