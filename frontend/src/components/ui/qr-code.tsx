import { create } from 'qrcode';
import { useMemo } from 'react';

/** The dark modules of the QR code of `value`, as one SVG path (runs of a row joined). */
export function qrPath(value: string): { size: number; path: string } {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let path = '';
  for (let row = 0; row < n; row += 1) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col += 1;
      path += `M${start} ${row}h${col - start}v1h${start - col}z`;
    }
  }
  return { size: n, path };
}

/**
 * A QR code drawn here as SVG (the `qrcode` package computes the modules; nothing is fetched),
 * with the quiet zone of four modules that scanners need.
 */
export function QrCode({ value, size = 160, label }: { value: string; size?: number; label: string }) {
  const { size: n, path } = useMemo(() => qrPath(value), [value]);
  const quiet = 4;
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`${-quiet} ${-quiet} ${n + 2 * quiet} ${n + 2 * quiet}`}
      shapeRendering="crispEdges"
      data-testid="qr-code"
    >
      <rect x={-quiet} y={-quiet} width={n + 2 * quiet} height={n + 2 * quiet} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
