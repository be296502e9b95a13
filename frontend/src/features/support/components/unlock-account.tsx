
import { TextareaField } from '@/components/form/textarea-field';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { formatLocalDateTime } from '@/lib/datetime';
import { serverTrim } from '@/lib/rules';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { unlockAccount } from '../api/unlock-account';
import type { AccountActionProps } from './account-actions';
import { SUPPORT_FORBIDDEN } from './support-search';

/** 解除锁定: while wrong passwords lock the logins; the reason is optional. */
export function UnlockAccount({ account, onDone }: AccountActionProps) {
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value, { required: false })?.message });
  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const reason = serverTrim(form.values.reason);
  const submit = onSubmit({
    send: () => unlockAccount(account.id, reason === '' ? null : reason),
    onOk: (data) => {
      form.reset();
      onDone(data, { tone: 'success', title: '已解除锁定。', body: <p>学生现在可以用正确的密码登录了；忘记密码可以在登录页找回。</p> });
    },
  });

  return (
    <Panel title="解除锁定" testId="unlock-account">
      <p>
        因多次输错密码，这个账号的登录已被锁定，至 <strong>{account.locked_until ? formatLocalDateTime(account.locked_until, { seconds: false }) : ''}</strong>。
      </p>
      {error && <ProblemAlert ref={alertRef} error={error.problem} message={staffErrorMessage(error.problem, SUPPORT_FORBIDDEN)} />}
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="解除锁定">
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
