import { Link } from 'react-router';

import { DocumentTitle } from '@/components/document-title';

import styles from './not-found.module.css';

export function Component() {
  return (
    <section className={styles.notFound} aria-labelledby="not-found-title">
      <DocumentTitle title="页面不存在" />
      <p className={styles.code} aria-hidden="true">
        404
      </p>
      <h1 id="not-found-title" className={styles.title}>
        页面不存在
      </h1>
      <p>你访问的地址没有对应的页面，可能是链接有误，或页面已经移动。</p>
      <Link to="/" className={styles.home}>
        返回首页
      </Link>
    </section>
  );
}
