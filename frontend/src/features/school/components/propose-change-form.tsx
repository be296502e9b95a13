import { useRef, useState } from 'react';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { SubmitOrCancel } from '@/components/form/submit-or-cancel';
import { SelectField } from '@/components/form/select-field';
import { SubmitAlert } from '@/components/form/submit-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { useFormFields, type Validator } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';
import { DATE_FIELDS, EDITABLE_FIELDS, FIELD_LABELS, fieldChoices, type EditableField } from '@/lib/enrollment-fields';
import { validateIdNumber, validateName } from '@/lib/rules';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { proposeChange } from '../api/propose-change';
import type { ChangeRequest, StaffEnrollment } from '../api/types';
import { changedFields, currentValues, normalizeValue, type ChangeValues } from '../lib/change-form';
import styles from './school.module.css';

/** The form's inputs: `changes.<field>` (as the server names them in its errors) and `reason`. */
type Key = `changes.${EditableField}` | 'reason';
const keyOf = (field: EditableField) => `changes.${field}` as const;

export const NO_CHANGES_MESSAGE = '还没有修改任何一项。请把需要更正的项改成正确的值，再提交。';

function required(label: string): Validator<Key> {
  return (value) => (value.trim() === '' ? `请填写${label}。` : null);
}

export interface ProposeChangeFormProps {
  enrollment: StaffEnrollment;
  /** After 201: the pending request. */
  onProposed: (request: ChangeRequest) => void;
  /** 409: the record changed meanwhile (a pending request, revoked): load it again. */
  onConflict: (error: UiError) => void;
  onCancel: () => void;
}

/**
 * 申请更正: every editable field, prefilled with the record's value; a changed one is marked (a
 * bar and "原值：…" in words). Only the changed fields are sent, with the reason; the record
 * changes once the provincial reviewer approves. Server messages appear next to their field.
 */
export function ProposeChangeForm({ enrollment, onProposed, onConflict, onCancel }: ProposeChangeFormProps) {
  const current = currentValues(enrollment);
  const unchanged = (field: EditableField, value: string) => normalizeValue(field, value) === normalizeValue(field, current[field]);
  const validators: Partial<Record<Key, Validator<Key>>> = { reason: (value) => validateReason(value)?.message };
  for (const field of EDITABLE_FIELDS) {
    const check =
      field === 'name'
        ? (value: string) => validateName(value)?.message
        : field === 'id_number'
          ? (value: string) => validateIdNumber(value)?.message
          : required(FIELD_LABELS[field]);
    // A value the record already has is not checked again (only what is corrected is sent).
    validators[keyOf(field)] = (value, all) => (unchanged(field, value) ? null : check(value, all));
  }
  const initial = { ...Object.fromEntries(EDITABLE_FIELDS.map((field) => [keyOf(field), current[field]])), reason: '' } as Record<Key, string>;
  const form = useFormFields<Key>(initial, validators);
  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const [noChanges, setNoChanges] = useState(false);
  const noChangesRef = useRef<HTMLDivElement>(null);

  const values = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, form.values[keyOf(field)]])) as ChangeValues;
  const changes = changedFields(current, values);
  const changedNames = (Object.keys(changes) as EditableField[]).map((field) => FIELD_LABELS[field]);

  const submit = onSubmit({
    validate: () => {
      setNoChanges(false);
      if (!form.validate()) return false;
      if (changedNames.length > 0) return true;
      setNoChanges(true);
      queueMicrotask(() => noChangesRef.current?.focus());
      return false;
    },
    send: () => proposeChange(enrollment.id, changes, form.values.reason.trim()),
    onOk: onProposed,
    onError: handOver([409], onConflict),
  });

  function input(field: EditableField) {
    const props = form.field(keyOf(field));
    const changed = !unchanged(field, props.value);
    const common = {
      label: FIELD_LABELS[field],
      className: changed ? styles.changed : undefined,
      hint: changed ? `已修改，原值：${current[field] || '（空）'}` : undefined,
      'data-changed': changed || undefined,
    };
    const choices = fieldChoices(field);
    if (choices) {
      return (
        <SelectField
          key={field}
          {...common}
          {...props}
          options={choices.includes(current[field]) ? choices.map((value) => ({ value, label: value })) : [current[field], ...choices].map((value) => ({ value, label: value }))}
        />
      );
    }
    return (
      <Field
        key={field}
        {...common}
        {...props}
        type={DATE_FIELDS.includes(field) ? 'date' : 'text'}
        autoComplete="off"
        spellCheck={false}
        {...(field === 'id_number' && { autoCapitalize: 'characters', inputMode: 'text' as const })}
      />
    );
  }

  return (
    <div className={formStyles.form}>
      <SubmitAlert ref={alertRef} error={error} />
      {noChanges && (
        <FormAlert ref={noChangesRef} tone="error" testId="form-error">
          <p>{NO_CHANGES_MESSAGE}</p>
        </FormAlert>
      )}
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="申请更正">
        <p className={formStyles.muted}>
          把有误的项改成正确的值，没有改动的项不会提交。提交后学籍暂不变化，由所在省份的教育部门审核通过后才生效。
        </p>
        <fieldset className={styles.changeFields}>
          <legend>学籍信息</legend>
          {EDITABLE_FIELDS.map(input)}
        </fieldset>
        <p aria-live="polite" data-testid="change-summary" className={formStyles.muted}>
          {changedNames.length === 0 ? '尚未修改任何一项。' : `将申请更正 ${changedNames.length} 项：${changedNames.join('、')}。`}
        </p>
        <TextareaField
          label="更正原因"
          hint={`为什么需要更正、依据什么材料（必填，最多 ${REASON_MAX_CHARS} 字），审核人员会看到。`}
          {...form.field('reason')}
        />
        <SubmitOrCancel label="提交更正申请" busy={busy} onCancel={onCancel} />
      </form>
    </div>
  );
}
