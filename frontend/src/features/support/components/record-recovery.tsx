import { useId, useState } from 'react';

import { Field } from '@/components/form/field';
import formStyles from '@/components/form/form.module.css';
import { SubmitAlert } from '@/components/form/submit-alert';
import { SelectField } from '@/components/form/select-field';
import { TextareaField } from '@/components/form/textarea-field';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { serverTrim, validateEmail } from '@/lib/rules';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { getAccount } from '../api/get-account';
import { recordRecovery } from '../api/record-recovery';
import type { AccountActionProps } from './account-actions';
import { SUPPORT_FORBIDDEN } from './support-search';

/** The evidence kinds the server accepts, as agents read them. */
export const EVIDENCE_KINDS = [
  { value: '', label: '请选择' },
  { value: 'id_card_in_person', label: '现场核验身份证原件' },
  { value: 'video_call_with_id_card', label: '视频通话出示身份证' },
  { value: 'notarised_letter', label: '公证文书' },
  { value: 'school_letter', label: '学校出具的证明' },
] as const;

/**
 * 协助找回账号: for a student who lost both mailbox and phone. The agent records how the identity
 * was checked and sets a new email (it takes effect when the student opens the link sent to it)
 * and/or clears the phone (the student then confirms a new one with email and password).
 */
export function RecordRecovery({ account, onDone }: AccountActionProps) {
  const clearId = useId();
  const [clearPhone, setClearPhone] = useState(false);
  const form = useFormFields(
    { new_email: '', evidence_kind: '', evidence_note: '', reason: '' },
    {
      new_email: (value) => (value.trim() === '' ? (clearPhone ? null : '请填写新邮箱，或勾选清除手机号。') : validateEmail(value)?.message),
      evidence_kind: (value) => (value === '' ? '请选择核验方式。' : null),
      evidence_note: (value) => validateReason(value)?.message,
      reason: (value) => validateReason(value)?.message,
    },
  );

  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const newEmail = serverTrim(form.values.new_email);
  const submit = onSubmit({
    // The account as it is now (busy until it is read).
    send: async () => {
      const outcome = await recordRecovery(account.id, {
        new_email: newEmail === '' ? null : newEmail,
        clear_phone: clearPhone,
        evidence_kind: form.values.evidence_kind,
        evidence_note: serverTrim(form.values.evidence_note),
        reason: serverTrim(form.values.reason),
      });
      if (!outcome.ok) return outcome;
      const fresh = await getAccount(account.id);
      return { ...outcome, data: { recorded: outcome.data, fresh } };
    },
    onOk: ({ recorded, fresh }) => done(recorded.pending_email, fresh.ok ? fresh.data : account),
  });

  function done(pending: string | null | undefined, fresh: typeof account) {
    form.reset();
    setClearPhone(false);
    onDone(fresh, {
      tone: 'success',
      title: '已记录找回申请。',
      body: pending ? (
        <p>
          确认邮件已发送到 {pending}。学生打开邮件中的链接后，登录邮箱才会更改{clearPhone ? '，手机号同时清除' : ''}，所有设备退出登录。
        </p>
      ) : (
        <p>手机号已清除，所有设备已退出登录。请告诉学生：用登录邮箱和密码在“找回账号 → 手机号不能用了”中确认新手机号。</p>
      ),
    });
  }

  return (
    <Panel title="协助找回账号" testId="record-recovery">
      <p className={formStyles.muted}>学生的邮箱和手机号都不能用时使用。先核对本人身份证件，再如实记录所见证据；每次操作都记入审计日志。</p>
      <SubmitAlert ref={alertRef} error={error} message={error && staffErrorMessage(error.problem, SUPPORT_FORBIDDEN)} />
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="协助找回账号">
        <Field label="新邮箱" hint={`现在是 ${account.email}；学生须打开发到新邮箱的链接才生效`} inputMode="email" autoCapitalize="none" spellCheck={false} {...form.field('new_email')} />
        <div className={formStyles.checkbox}>
          <input id={clearId} type="checkbox" checked={clearPhone} onChange={(event) => setClearPhone(event.target.checked)} />
          <label htmlFor={clearId}>清除手机号{account.phone ? `（现在是 ${account.phone}）` : ''}，让学生重新确认一个</label>
        </div>
        <SelectField label="核验方式" options={EVIDENCE_KINDS} {...form.field('evidence_kind')} />
        <TextareaField label="所见证据" rows={2} maxLength={REASON_MAX_CHARS} hint="必填：例如“视频通话核对身份证正反面与本人，证件号与账号一致”" {...form.field('evidence_note')} />
        <TextareaField label="找回原因" rows={2} maxLength={REASON_MAX_CHARS} hint="必填：例如“学生原邮箱和手机号均已停用”" {...form.field('reason')} />
        <div className={formStyles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在记录…' : '记录并发送确认邮件'}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
