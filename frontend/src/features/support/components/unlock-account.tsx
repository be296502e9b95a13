import { useRef, useState, type FormEvent } from 'react';

import type { UiError } from '@/api/problem';
import { TextareaField } from '@/components/form/textarea-field';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useFormFields } from '@/hooks/use-form-fields';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { formatLocalDateTime } from '@/lib/datetime';
import { serverTrim } from '@/lib/rules';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { unlockAccount } from '../api/unlock-account';
import type { AccountActionProps } from './account-actions';
import { SUPPORT_FORBIDDEN } from './support-search';

/** 解除锁定: while wrong passwords lock the logins; the reason is optional. */
export function UnlockAccount({ account, onDone }: AccountActionProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusOnShow(alertRef, error && error.status !== 422 ? error : null);
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value, { required: false })?.message });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!form.validate()) return;
    setBusy(true);
    const reason = serverTrim(form.values.reason);
    const outcome = await unlockAccount(account.id, reason === '' ? null : reason);
    setBusy(false);
    if (outcome.ok) {
      form.reset();
      onDone(outcome.data, { tone: 'success', title: '已解除锁定。', body: <p>学生现在可以用正确的密码登录了；忘记密码可以在登录页找回。</p> });
      return;
    }
    setError(outcome.error);
    if (outcome.error.status === 422) form.showServerErrors(outcome.error.fields);
  }

  return (
    <Panel title="解除锁定" testId="unlock-account">
      <p>
        因多次输错密码，这个账号的登录已被锁定，至 <strong>{account.locked_until ? formatLocalDateTime(account.locked_until, { seconds: false }) : ''}</strong>。
      </p>
      {error && <ProblemAlert ref={alertRef} error={error} message={staffErrorMessage(error, SUPPORT_FORBIDDEN)} />}
      <form className={formStyles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="解除锁定">
        <TextareaField label="原因（选填）" rows={2} maxLength={REASON_MAX_CHARS} {...form.field('reason')} />
        <div className={formStyles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在解除…' : '解除锁定'}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
