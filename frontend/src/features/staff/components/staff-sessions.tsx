import { useRef, useState } from 'react';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { formatLocalDateTime } from '@/lib/datetime';

import { endOwnSession, listOwnSessions, type StaffSessionInfo } from '../api/staff-sessions';
import { browserName } from '../lib/browser-name';

type Notice = { tone: 'success'; text: string } | { tone: 'error'; error: UiError; text: string };

/** The rows of a sessions table: browser, address, start and last use, and what may be done with each. */
export function SessionRows({
  sessions,
  action,
}: {
  sessions: StaffSessionInfo[];
  action?: (session: StaffSessionInfo) => React.ReactNode;
}) {
  return (
    <DataTable testId="sessions-table" caption="登录设备" columns={['设备（浏览器）', 'IP 地址', '登录时间', '最近使用', action && '操作']}>
      {sessions.map((session) => (
        <tr key={session.id} data-testid="session-row" data-current={session.current ? 'true' : undefined}>
          <td data-label="设备（浏览器）">
            <span title={session.user_agent ?? undefined}>{browserName(session.user_agent)}</span>{' '}
            {session.current && (
              <Badge tone="ok" testId="session-current">
                本设备
              </Badge>
            )}
          </td>
          <td data-label="IP 地址">{session.ip ?? '未知'}</td>
          <td data-label="登录时间">{formatLocalDateTime(session.created_at, { seconds: false })}</td>
          <td data-label="最近使用">{formatLocalDateTime(session.last_active_at, { seconds: false })}</td>
          {action && (
            <td data-label="操作" className={tableStyles.actions}>
              {action(session)}
            </td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * 登录设备: where the staff member is logged in now. Any other device can be logged out here
 * (退出此设备): its next request is refused. This device logs out with 退出 in the header.
 */
export function StaffSessions() {
  const { result, retry, update } = useApiQuery(listOwnSessions, 'own-sessions');
  const [ending, setEnding] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useFocusOnShow(noticeRef, notice);

  async function end(session: StaffSessionInfo) {
    if (ending) return;
    setEnding(session.id);
    const outcome = await endOwnSession(session.id);
    setEnding(null);
    const name = browserName(session.user_agent);
    if (outcome.ok || outcome.error.code === 'session_not_found') {
      update((list) => ({ ...list, items: list.items.filter((item) => item.id !== session.id) }));
      setNotice({ tone: 'success', text: `已让 ${name}（${session.ip ?? 'IP 未知'}）退出登录。` });
      return;
    }
    setNotice({ tone: 'error', error: outcome.error, text: `没能让 ${name} 退出登录，请重试。` });
  }

  return (
    <>
      {notice &&
        (notice.tone === 'error' ? (
          <ProblemAlert ref={noticeRef} error={notice.error} message={notice.text} />
        ) : (
          <FormAlert tone="success" ref={noticeRef} testId="sessions-notice">
            <p>{notice.text}</p>
          </FormAlert>
        ))}
      <Panel title="正在登录的设备" testId="own-sessions">
        <p className={formStyles.muted}>
          不认识的设备或地址，请立即让它退出，并修改密码。登录超过 8 小时或 30 分钟未操作会自动退出。
        </p>
        {result.state === 'loading' && <Loading>正在读取登录设备…</Loading>}
        {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
        {result.state === 'ok' && (
          <SessionRows
            sessions={result.data.items}
            action={(session) =>
              session.current ? (
                <span className={formStyles.muted}>当前使用中</span>
              ) : (
                <Button variant="danger" busy={ending === session.id} onClick={() => void end(session)}>
                  退出此设备
                  <span className="visually-hidden">
                    ：{browserName(session.user_agent)}，{session.ip ?? 'IP 未知'}
                  </span>
                </Button>
              )
            }
          />
        )}
      </Panel>
    </>
  );
}
