import { useState } from 'react';

import { TextareaField } from '@/components/form/textarea-field';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Panel } from '@/components/ui/panel';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { serverTrim } from '@/lib/rules';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { detachIdentity } from '../api/detach-identity';
import type { AccountActionProps } from './account-actions';
import styles from './support.module.css';
import { SUPPORT_FORBIDDEN } from './support-search';

/**
 * 解除身份绑定: for an ID number held by the wrong account (an old forgotten one, or one someone
 * else registered). A reason first, then a dialog that says what happens: the name and ID
 * number are removed, the account is logged out everywhere and must redo 实名注册.
 */
export function DetachIdentity({ account, onDone }: AccountActionProps) {
  const [confirming, setConfirming] = useState(false);
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value)?.message });
  const { busy, error, alertRef, run, onAsk } = useSubmit(form, { alert: 'always' });
  const ask = onAsk(() => setConfirming(true));

  // The inputs were checked before the confirmation.
  const detach = () =>
    run({
      validate: () => true,
      send: () => detachIdentity(account.id, serverTrim(form.values.reason)).finally(() => setConfirming(false)),
      onOk: (data) => {
        form.reset();
        onDone(data, {
          tone: 'success',
          title: '已解除身份绑定。',
          body: (
            <p>
              账号 {account.email} 的姓名和身份证号 {account.id_number} 已清空；它已在所有设备上退出登录，下次登录须重新完成实名注册。
            </p>
          ),
        });
      },
    });

  return (
    <Panel title="解除身份绑定" testId="detach-identity">
      <p className={formStyles.muted}>
        身份证号被他人误用、或是学生遗忘的旧账号占用时使用：核实后解除，本人的账号才能使用这个身份证号。
      </p>
      {error && <ProblemAlert ref={alertRef} error={error.problem} message={staffErrorMessage(error.problem, SUPPORT_FORBIDDEN)} />}
      <form className={formStyles.form} noValidate onSubmit={ask} aria-label="解除身份绑定">
        <TextareaField
          label="解除原因"
          maxLength={REASON_MAX_CHARS}
          hint="必填：例如“经核实，该账号为他人误用本人身份证号注册”"
          {...form.field('reason')}
        />
        <div className={formStyles.actions}>
          <Button type="submit" variant="danger">
            解除身份绑定…
          </Button>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog
          title="解除这个账号的身份绑定？"
          confirmLabel="解除绑定"
          cancelLabel="取消"
          busy={busy}
          onConfirm={() => void detach()}
          onCancel={() => setConfirming(false)}
          testId="detach-dialog"
        >
          <p>
            账号 <strong>{account.email}</strong> 的姓名 {account.name} 和身份证号 {account.id_number} 将被清空。
          </p>
          <p>该账号会在所有设备上立即退出登录；之后须重新完成实名注册才能查看学籍。</p>
          <p>原因：</p>
          <p className={styles.quote}>{serverTrim(form.values.reason)}</p>
        </ConfirmDialog>
      )}
    </Panel>
  );
}
