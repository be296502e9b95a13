import { Link } from 'react-router';

import { Loading, LoadError } from '@/components/ui/load-states';
import { useApiQuery } from '@/hooks/use-api-query';

import { listMyDegrees } from '../api/list-degrees';
import { DegreeCard } from './degree-card';
import { NoRecordsHelp } from './no-records-help';
import styles from './records.module.css';

/** 学历信息: a card per degree record, or what to do when there is none. */
export function MyDegrees() {
  const { result, retry } = useApiQuery(listMyDegrees);
  if (result.state === 'loading') return <Loading>正在读取学历信息…</Loading>;
  if (result.state === 'error') return <LoadError error={result.error} onRetry={retry} />;
  const { items } = result.data;
  if (items.length === 0) return <NoRecordsHelp kind="degree" />;
  return (
    <>
      <p className={styles.count} data-testid="records-count">
        共 {items.length} 条学历记录。用人单位可以凭证书编号和姓名在<Link to="/degree-check">学历查询</Link>
        核实，或者由你生成在线验证报告。
      </p>
      <div className={styles.cards}>
        {items.map((degree) => (
          <DegreeCard key={degree.id} degree={degree} />
        ))}
      </div>
    </>
  );
}
