import { useState } from 'react';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { SubmitAlert } from '@/components/form/submit-alert';
import { Button } from '@/components/ui/button';
import { useFormFields, type Validator } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';

import { fixImageRecord } from '../api/fix-image-record';
import type { ImageRecord } from '../api/types';
import { changedFixFields, currentFixValues, FIX_FIELDS, FIX_LABELS, fixFieldError, isUnchanged, type FixField } from '../lib/fix-form';
import styles from './images.module.css';

export const NO_FIX_MESSAGE = '还没有修改任何一项。请把录错的项改成正确的值，再保存。';

export interface FixImageFormProps {
  record: ImageRecord;
  /** The record as the server has it now (with `linked`). */
  onFixed: (record: ImageRecord) => void;
  /** 409 `image_record_deleted`, or 403 `image_record_read_only` (no longer the school's to fix): load it again. */
  onConflict: (error: UiError) => void;
}

/**
 * 更正采集信息: the school name, name and ID number typed at capture, prefilled; only the changed
 * ones are sent. Effective at once: the photo links itself when all three match a record.
 */
export function FixImageForm({ record, onFixed, onConflict }: FixImageFormProps) {
  const current = currentFixValues(record);
  const validators: Partial<Record<FixField, Validator<FixField>>> = {};
  // A value the record already has is not checked again (only what is fixed is sent).
  for (const field of FIX_FIELDS) validators[field] = (value) => (isUnchanged(field, value, current) ? null : fixFieldError(field, value));
  const form = useFormFields<FixField>(current, validators);
  const [unchanged, setUnchanged] = useState(false);
  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const submit = onSubmit({
    validate: () => {
      setUnchanged(false);
      if (!form.validate()) return false;
      const nothing = Object.keys(changedFixFields(current, form.values)).length === 0;
      if (nothing) {
        setUnchanged(true);
        queueMicrotask(() => alertRef.current?.focus());
      }
      return !nothing;
    },
    send: () => fixImageRecord(record.id, changedFixFields(current, form.values)),
    onOk: onFixed,
    onError: handOver([409, 403], onConflict),
  });

  return (
    <div className={formStyles.form}>
      <SubmitAlert ref={alertRef} error={error} />
      {unchanged && (
        <FormAlert ref={alertRef} tone="error" testId="form-error">
          <p>{NO_FIX_MESSAGE}</p>
        </FormAlert>
      )}
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="更正采集信息">
        <p className={formStyles.muted}>
          采集时录错的信息在这里改正，保存后立即生效：学校名称、姓名和身份证号与一条学籍完全一致时，照片自动关联到这条学籍。没有改动的项不会提交。
        </p>
        <div className={styles.fixFields}>
          {FIX_FIELDS.map((field) => {
            const props = form.field(field);
            const changed = !isUnchanged(field, props.value, current);
            return (
              <Field
                key={field}
                {...props}
                label={FIX_LABELS[field]}
                className={changed ? styles.changed : undefined}
                hint={changed ? `已修改，原值：${current[field]}` : undefined}
                data-changed={changed || undefined}
                autoComplete="off"
                spellCheck={false}
                {...(field === 'id_number' && { autoCapitalize: 'characters' })}
              />
            );
          })}
        </div>
        <div className={formStyles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在保存…' : '保存更正'}
          </Button>
        </div>
      </form>
    </div>
  );
}
