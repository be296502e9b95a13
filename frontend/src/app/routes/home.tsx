import { DocumentTitle } from '@/components/document-title';
import { HealthPanel } from '@/features/health/components/health-panel';

import styles from './home.module.css';

export function Component() {
  return (
    <>
      <DocumentTitle title="首页" />
      <section className={styles.welcome} aria-labelledby="welcome-title">
        <h1 id="welcome-title" className={styles.title}>
          欢迎来到学信网 · Xuexin
        </h1>
        <p className={styles.lead}>
          这是一个面向高校学生的信息服务平台。你在学校的学籍（在读信息）和学历（毕业证书信息）由学校登记，你可以在这里查看、核对，并向他人证明。
        </p>
        <h2 className={styles.subtitle}>在这里你可以</h2>
        <ul className={styles.services}>
          <li>
            <strong>注册账号</strong>
            <span>用邮箱注册，完成实名认证和手机确认后，账号会关联到你本人的学籍、学历信息。</span>
          </li>
          <li>
            <strong>查询学籍、学历</strong>
            <span>查看学校为你登记的学籍、学历信息和照片；发现信息有误，可以反馈给学校更正。</span>
          </li>
          <li>
            <strong>在线验证报告</strong>
            <span>求职、升学时生成带有效期的验证报告，对方输入验证码就能核实你的学籍或学历。</span>
          </li>
        </ul>
        <p className={styles.note}>各项服务正在陆续开放，开放后会出现在上方的导航中。</p>
      </section>
      <HealthPanel />
    </>
  );
}
