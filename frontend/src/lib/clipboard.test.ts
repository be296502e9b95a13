import { afterEach, describe, expect, it, vi } from 'vitest';

import { copyText } from './clipboard';

afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
  Reflect.deleteProperty(document, 'execCommand');
});

describe('copyText', () => {
  it('uses the clipboard API', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    expect(await copyText('http://x/verify/A')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('http://x/verify/A');
  });

  it('falls back to execCommand on a hidden text area when the API refuses, and puts the focus back', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn().mockRejectedValue(new Error('denied')) }, configurable: true });
    let copied = '';
    Object.defineProperty(document, 'execCommand', {
      value: vi.fn(() => {
        copied = (document.activeElement as HTMLTextAreaElement).value;
        return true;
      }),
      configurable: true,
    });
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    expect(await copyText('http://x/verify/B')).toBe(true);
    expect(copied).toBe('http://x/verify/B');
    expect(document.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(button);
    button.remove();
  });

  it('says so when neither works', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    Object.defineProperty(document, 'execCommand', { value: vi.fn(() => false), configurable: true });
    expect(await copyText('http://x/verify/C')).toBe(false);
  });
});
