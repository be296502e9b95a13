import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

import type { UiError } from '@/api/client';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';
import { formatLocalDateTime } from '@/lib/datetime';
import { parsePage } from '@/lib/page-param';

import { downloadMyData, fileNameOf, type ExportFormat } from '../api/download-my-data';
import { listAccessHistory, type AccessEntry } from '../api/list-access-history';

/** Saves `blob` as `name` through a temporary link (the browser's own download). */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const FORMATS: { format: ExportFormat; label: string; text: string }[] = [
  { format: 'html', label: '下载网页文件（可打印）', text: '用浏览器打开即可阅读和打印。' },
  { format: 'json', label: '下载数据文件（JSON）', text: '机器可读的格式，便于转交或导入其他系统。' },
];

/** The two downloads of everything the portal holds about the student. */
export function MyDataDownloads() {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  async function download(format: ExportFormat) {
    if (busy) return;
    setBusy(format);
    setDone(null);
    setError(null);
    const outcome = await downloadMyData(format);
    setBusy(null);
    if (outcome.ok) {
      const name = fileNameOf(outcome.response, format);
      save(outcome.data, name);
      setDone(name);
      return;
    }
    setError(outcome.error);
    queueMicrotask(() => alertRef.current?.focus());
  }

  return (
    <div className={styles.form} data-testid="my-data-downloads">
      <p>
        文件包含：账号和同意记录、实名信息、手机号、学籍和学历记录、验证报告及每次被查询的时间、照片校对申请、与你有关的操作记录，以及谁查看过你的信息。工作人员只显示单位和角色。每小时最多下载 5 次。
      </p>
      {FORMATS.map(({ format, label, text }) => (
        <div key={format}>
          <Button onClick={() => void download(format)} busy={busy === format} variant={format === 'html' ? 'primary' : 'secondary'}>
            {busy === format ? '正在准备文件…' : label}
          </Button>
          <p className={styles.muted}>{text}</p>
        </div>
      ))}
      <p role="status" data-testid="download-status">
        {done && `已开始下载 ${done}。文件里有你的完整身份证号和手机号，请妥善保管，不要在公用电脑上留存。`}
      </p>
      {error && <ProblemAlert ref={alertRef} error={error} />}
    </div>
  );
}

type HistoryState = { state: 'loading' } | { state: 'ok'; items: AccessEntry[]; total: number; perPage: number } | { state: 'error'; error: UiError };

function who(entry: AccessEntry) {
  const { role_label: role, organisation } = entry.actor;
  return organisation ? `${organisation} · ${role}` : role;
}

/** 谁查看过我的信息: staff looks at the student's full details, newest first. */
export function AccessHistory() {
  const [params] = useSearchParams();
  const page = parsePage(params.get('page'));
  const [result, setResult] = useState<HistoryState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    listAccessHistory(page, controller.signal).then(
      (outcome) => {
        if (controller.signal.aborted) return;
        setResult(
          outcome.ok
            ? { state: 'ok', items: outcome.data.items, total: outcome.data.total, perPage: outcome.data.per_page }
            : { state: 'error', error: outcome.error },
        );
      },
      () => {
        /* aborted */
      },
    );
    return () => controller.abort();
  }, [page, attempt]);

  if (result.state === 'loading') return <Loading>正在读取查看记录…</Loading>;
  if (result.state === 'error')
    return (
      <LoadError
        error={result.error}
        onRetry={() => {
          setResult({ state: 'loading' });
          setAttempt((n) => n + 1);
        }}
      />
    );
  return (
    <div data-testid="access-history">
      {result.items.length === 0 ? (
        <p className={styles.muted}>还没有工作人员查看过你的完整信息。</p>
      ) : (
        <ol>
          {result.items.map((entry, i) => (
            <li key={`${entry.occurred_at}-${i}`} data-testid="access-entry">
              <p>
                <strong>{formatLocalDateTime(entry.occurred_at, { seconds: false })}</strong> · {who(entry)}
              </p>
              <p>查看了：{entry.field_labels.join('、') || '详细信息'}</p>
              <p>原因：{entry.purpose_label}</p>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} perPage={result.perPage} total={result.total} hrefFor={(p) => `/me/data?page=${p}`} unit="条查看记录" />
    </div>
  );
}

/** 个人中心 → 我的数据. */
export function MyData() {
  return (
    <>
      <Panel title="下载我的数据">
        <MyDataDownloads />
      </Panel>
      <Panel title="谁查看过我的信息">
        <p>学校、省级审核部门或客服的工作人员每次查看你的完整身份证号、手机号等信息，都会记录在这里。</p>
        <AccessHistory />
      </Panel>
    </>
  );
}
