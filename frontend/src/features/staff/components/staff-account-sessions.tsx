import { useRef, useState, type FormEvent, type ReactNode } from 'react';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { useFormFields } from '@/hooks/use-form-fields';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { endAllStaffSessions, listStaffSessions } from '../api/staff-sessions';
import type { StaffView } from '@/lib/staff/staff-session';
import { SessionRows } from './staff-sessions';

/**
 * A staff member's live sessions, for a platform admin, with 结束全部会话: every one of them is
 * logged out at once (they may log in again; to keep them out, 停用 the account). A reason is
 * required and goes to the audit log.
 */
export function StaffAccountSessions({ staff, onClose }: { staff: StaffView; onClose: () => void }) {
  const { result, retry, update } = useApiQuery((signal) => listStaffSessions(staff.id, signal), `sessions-${staff.id}`);
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value)?.message });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ problem: UiError; other: ReactNode[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useFocusOnShow(noticeRef, done ?? error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (busy || !form.validate()) return;
    setBusy(true);
    const outcome = await endAllStaffSessions(staff.id, form.values.reason.trim());
    setBusy(false);
    if (outcome.ok) {
      update((list) => ({ ...list, items: [] }));
      setDone(`已结束 ${staff.email} 的 ${outcome.data.ended} 个会话：这些设备已退出登录。`);
      return;
    }
    const problem = outcome.error;
    const other = problem.status === 422 ? form.showServerErrors(problem.fields) : [];
    if (problem.status !== 422 || other.length > 0) setError({ problem, other });
  }

  const sessions = result.state === 'ok' ? result.data.items : [];
  return (
    <Panel title={`${staff.email} 的登录设备`} testId="account-sessions">
      {done && (
        <FormAlert tone="success" ref={noticeRef} testId="account-sessions-notice">
          <p>{done}</p>
        </FormAlert>
      )}
      {error && (
        <ProblemAlert ref={noticeRef} error={error.problem}>
          {error.other.map((message, i) => (
            <p key={i}>{message}</p>
          ))}
        </ProblemAlert>
      )}
      {result.state === 'loading' && <Loading>正在读取登录设备…</Loading>}
      {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
      {result.state === 'ok' &&
        (sessions.length === 0 ? (
          <p className={formStyles.muted} data-testid="account-sessions-empty">
            这个账号现在没有在任何设备上登录。
          </p>
        ) : (
          <SessionRows sessions={sessions} />
        ))}
      {sessions.length > 0 && (
        <form className={formStyles.form} noValidate onSubmit={submit} aria-label="结束全部会话">
          <TextareaField
            label="结束原因"
            hint={`例如“员工报告电脑丢失”。必填，最多 ${REASON_MAX_CHARS} 字，记入审计日志。`}
            {...form.field('reason')}
          />
          <div className={formStyles.actions}>
            <Button type="submit" variant="danger" busy={busy}>
              {busy ? '正在结束…' : '结束全部会话'}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              关闭
            </Button>
          </div>
        </form>
      )}
      {sessions.length === 0 && result.state !== 'loading' && (
        <div className={formStyles.actions}>
          <Button variant="secondary" onClick={onClose}>
            关闭
          </Button>
        </div>
      )}
    </Panel>
  );
}
