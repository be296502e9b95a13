import { useId, useRef, useState, type FormEvent } from 'react';

import type { UiError } from '@/api/problem';
import formStyles from '@/components/form/form.module.css';
import { SubmitOrCancel } from '@/components/form/submit-or-cancel';
import { SubmitAlert } from '@/components/form/submit-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useFormFields } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { checkQualification } from '../api/qualification-check';
import type { QualificationResult, StaffEnrollment } from '../api/types';
import styles from './school.module.css';

const RESULTS: { value: QualificationResult; label: string; about: string }[] = [
  { value: 'confirmed', label: '资格核实无误', about: '前置学历已核实，清除“资格待查”标记，学籍保持不变。' },
  { value: 'rejected', label: '资格不符，注销学籍', about: '学籍状态改为“注销”，学生将看不到这条学籍；下面的说明作为注销原因。' },
];

export interface QualificationCheckFormProps {
  enrollment: StaffEnrollment;
  /** The record after the check. */
  onChecked: (enrollment: StaffEnrollment, result: QualificationResult) => void;
  /** 409: the flag is gone or the record was revoked meanwhile: load it again. */
  onConflict: (error: UiError) => void;
  onCancel: () => void;
}

/**
 * 学籍资格清查 of a record flagged 资格待查: 核实无误 clears the flag; 资格不符 revokes the record
 * (after a confirmation), the note being the reason. The note is required for a rejection.
 */
export function QualificationCheckForm({ enrollment, onChecked, onConflict, onCancel }: QualificationCheckFormProps) {
  const groupId = useId();
  const [result, setResult] = useState<QualificationResult | null>(null);
  const [resultError, setResultError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const firstRadio = useRef<HTMLInputElement>(null);
  const form = useFormFields(
    { note: '' },
    { note: (value) => validateReason(value, { required: result === 'rejected' })?.message },
  );
  const { busy, error, setError, alertRef, run } = useSubmit(form, { alert: 'always' });

  // The inputs were checked before (and the confirmation asked).
  const send = (checked: QualificationResult) =>
    run({
      validate: () => true,
      send: () => checkQualification(enrollment.id, checked, form.values.note.trim()).finally(() => setConfirming(false)),
      onOk: (data) => onChecked(data, checked),
      onError: handOver([409], onConflict),
    });

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!result) {
      setResultError('请选择清查结果。');
      firstRadio.current?.focus();
      return;
    }
    if (!form.validate()) return;
    if (result === 'rejected') setConfirming(true);
    else void send(result);
  }

  return (
    <div className={formStyles.form}>
      <SubmitAlert ref={alertRef} error={error} />
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="学籍资格清查">
        <fieldset className={styles.choices} aria-describedby={resultError ? `${groupId}-error` : undefined} data-field="result">
          <legend>清查结果</legend>
          {RESULTS.map((item, i) => (
            <div key={item.value} className={styles.choice}>
              <input
                ref={i === 0 ? firstRadio : undefined}
                type="radio"
                id={`${groupId}-${item.value}`}
                name="result"
                value={item.value}
                checked={result === item.value}
                aria-describedby={`${groupId}-${item.value}-about`}
                aria-invalid={resultError ? true : undefined}
                onChange={() => {
                  setResult(item.value);
                  setResultError(null);
                }}
              />
              <label htmlFor={`${groupId}-${item.value}`}>{item.label}</label>
              <p id={`${groupId}-${item.value}-about`}>{item.about}</p>
            </div>
          ))}
          <div id={`${groupId}-error`} className={formStyles.fieldError} aria-live="polite" data-testid="error-result">
            {resultError}
          </div>
        </fieldset>
        <TextareaField
          label="清查说明"
          hint={`核查了什么、结论依据是什么（选择“资格不符”时必填，最多 ${REASON_MAX_CHARS} 字）。`}
          {...form.field('note')}
        />
        <SubmitOrCancel label="提交清查结果" busy={busy && !confirming} onCancel={onCancel} />
      </form>
      {confirming && (
        <ConfirmDialog
          title="资格不符，注销这条学籍？"
          confirmLabel="注销学籍"
          cancelLabel="取消"
          busy={busy}
          onConfirm={() => void send('rejected')}
          onCancel={() => setConfirming(false)}
          testId="qualification-reject-dialog"
        >
          <p>
            {enrollment.name}（学号 {enrollment.student_no}）的学籍将改为“注销”，学生将看不到这条学籍。记录不会删除，清查说明会作为注销原因记入审计日志。
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
