import { vi } from 'vitest';

/**
 * Stops the wall clock (`Date.now()`) so a countdown shows exact values: only `Date` is faked, so
 * the app's interval, the stubbed API and testing-library's polling keep running on real time.
 * The setup file puts the real clock back after each test.
 */
export function freezeClock() {
  vi.useFakeTimers({ toFake: ['Date'] });
}

/** Moves the frozen clock forward by `ms`. */
export function moveClock(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}
