/**
 * The `?next=` of the login page, if it is a path of this site: absolute (`/…`), not
 * protocol-relative (`//host`, `/\host`), no scheme. Anything else is ignored, so a crafted link
 * cannot send the student to another site after logging in.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return null;
  try {
    const url = new URL(next, 'http://local.invalid');
    if (url.origin !== 'http://local.invalid') return null;
    if (url.pathname === '/login') return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

/** `/login?next=…` for the current page (slashes left readable: `/login?next=/me`). */
export function loginPathFor(path: string): string {
  const next = safeNextPath(path);
  return next ? `/login?next=${encodeURIComponent(next).replace(/%2F/g, '/')}` : '/login';
}
