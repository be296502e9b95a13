import { useState } from 'react';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import formStyles from '@/components/form/form.module.css';
import { SubmitOrCancel } from '@/components/form/submit-or-cancel';
import { SubmitAlert } from '@/components/form/submit-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useFormFields } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { revokeEnrollment } from '../api/revoke-enrollment';
import type { StaffEnrollment } from '../api/types';

export interface RevokeEnrollmentFormProps {
  enrollment: StaffEnrollment;
  /** The revoked record. */
  onRevoked: (enrollment: StaffEnrollment) => void;
  /** 409 `already_revoked`: load it again. */
  onConflict: (error: UiError) => void;
  onCancel: () => void;
}

/**
 * 注销重复学籍: the reason and (optionally) the record this one duplicates, then a confirmation.
 * The record is not deleted; it keeps status 注销 and disappears from the student's list.
 */
export function RevokeEnrollmentForm({ enrollment, onRevoked, onConflict, onCancel }: RevokeEnrollmentFormProps) {
  const [confirming, setConfirming] = useState(false);
  const form = useFormFields({ reason: '', duplicate_of: '' }, { reason: (value) => validateReason(value)?.message });
  const { busy, error, alertRef, run, onAsk } = useSubmit(form, { alert: 'always' });
  const submit = onAsk(() => setConfirming(true));
  // The inputs were checked before the confirmation.
  const send = () =>
    run({
      validate: () => true,
      send: () => revokeEnrollment(enrollment.id, form.values.reason.trim(), form.values.duplicate_of.trim()).finally(() => setConfirming(false)),
      onOk: onRevoked,
      onError: handOver([409], onConflict),
    });

  return (
    <div className={formStyles.form}>
      <SubmitAlert ref={alertRef} error={error} />
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="注销重复学籍">
        <p className={formStyles.muted}>
          同一学生在本校有两条学籍（多见于成人教育、网络教育）时，注销多出来的一条。注销后学籍状态改为“注销”，学生将看不到它；记录不会删除。
        </p>
        <TextareaField
          label="注销原因"
          hint={`例如：与本校普通全日制学籍重复，保留普通全日制学籍（必填，最多 ${REASON_MAX_CHARS} 字）。`}
          {...form.field('reason')}
        />
        <Field
          label="与之重复的学籍编号（选填）"
          hint="保留的那条学籍的记录编号，见那条学籍详情页的“记录编号”。两条学籍的身份证号必须相同。"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          {...form.field('duplicate_of')}
        />
        <SubmitOrCancel label="注销学籍" variant="danger" onCancel={onCancel} />
      </form>
      {confirming && (
        <ConfirmDialog
          title="注销这条学籍？"
          confirmLabel="确认注销"
          cancelLabel="取消"
          busy={busy}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
          testId="revoke-dialog"
        >
          <p>
            {enrollment.name}（学号 {enrollment.student_no}，{enrollment.study_form}）的学籍将改为“注销”，学生将看不到这条学籍。
          </p>
          <p>注销不能在这里撤销；原因会记入审计日志。</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
