const SITE = '学信网 · Xuexin';

/** Sets the tab title; React 19 hoists `<title>` into `<head>`. */
export function DocumentTitle({ title }: { title?: string }) {
  return <title>{title ? `${title} · ${SITE}` : SITE}</title>;
}
