import { Link } from 'react-router';

import { PHOTOS_LINK } from '@/features/records/photos/lib/links';

import { CONSCRIPTION_URL } from '../lib/links';
import styles from './records-hub.module.css';

interface Entry {
  title: string;
  text: string;
  /** One character as the entry's mark. */
  mark: string;
  to?: string;
  href?: string;
}

const ENTRIES: Entry[] = [
  { title: '学籍信息', text: '学校为你登记的在读学籍和学籍状态', mark: '籍', to: '/me/enrollments' },
  { title: '图像校对', text: '核对学籍照片；照片有误或没有照片时告诉学校', mark: '照', to: PHOTOS_LINK },
  { title: '学历信息', text: '毕业证书上的学历信息', mark: '历', to: '/me/degrees' },
  { title: '在线验证报告', text: '生成验证码，让单位在线核实你的学籍或学历', mark: '验', to: '/me/reports' },
  { title: '我的数据', text: '下载学信网保存的你的全部信息，查看谁看过你的信息', mark: '数', to: '/me/data' },
  { title: '学历查询', text: '凭证书编号和姓名查询学历证书是否有效', mark: '查', to: '/degree-check' },
  { title: '预征网上报名', text: '应征入伍预征报名，在全国征兵网办理', mark: '征', href: CONSCRIPTION_URL },
];

/** 个人中心's services: the student's records and what to do with them; 预征网上报名 links out. */
export function RecordsHub() {
  return (
    <nav aria-label="我的服务">
      <ul className={styles.hub}>
        {ENTRIES.map((entry) => {
          const body = (
            <>
              <span className={styles.mark} aria-hidden="true">
                {entry.mark}
              </span>
              <span className={styles.text}>
                <span className={styles.title}>
                  {entry.title}
                  {entry.href && (
                    <span className={styles.external}>
                      <span aria-hidden="true">↗</span>
                      <span className="visually-hidden">（外部网站，在新窗口打开）</span>
                    </span>
                  )}
                </span>
                <span className={styles.description}>{entry.text}</span>
                {entry.href && (
                  <span className={styles.externalNote} aria-hidden="true">
                    外部网站 · 新窗口打开
                  </span>
                )}
              </span>
            </>
          );
          return (
            <li key={entry.title}>
              {entry.to ? (
                <Link to={entry.to} className={styles.entry}>
                  {body}
                </Link>
              ) : (
                <a href={entry.href} target="_blank" rel="noopener noreferrer" className={styles.entry} data-external="true">
                  {body}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
