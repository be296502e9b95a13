import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { QrCode, qrPath } from './qr-code';

describe('QR code', () => {
  it('draws the modules of the code: rows of dark runs, the finder patterns in the corners', () => {
    const { size, path } = qrPath('http://127.0.0.1:8080/verify/V4U3GMN8DAW7C6FM');
    expect(size).toBe(29); // version 3 at level M for a 47-character link
    // Row 0: the top-left and top-right finder patterns, 7 dark modules each.
    expect(path.startsWith('M0 0h7v1h-7z')).toBe(true);
    expect(path).toContain(`M${size - 7} 0h7v1h-7z`);
    // The bottom-left finder's last row.
    expect(path).toContain(`M0 ${size - 1}h7v1h-7z`);
  });

  it('is an SVG image with a quiet zone and a label, made here (no request)', () => {
    render(<QrCode value="http://127.0.0.1:8080/verify/V4U3GMN8DAW7C6FM" size={120} label="验证网址的二维码" />);
    const svg = screen.getByRole('img', { name: '验证网址的二维码' });
    expect(svg.getAttribute('viewBox')).toBe('-4 -4 37 37');
    expect(svg.getAttribute('width')).toBe('120');
  });
});
