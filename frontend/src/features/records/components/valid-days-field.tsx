import { useId, type Ref } from 'react';

import formStyles from '@/components/form/form.module.css';

import { dayAfter } from '@/lib/format';
import { parseValidDays, VALID_DAYS_PRESETS, validDaysProblem } from '../lib/valid-days';
import styles from './reports.module.css';

/** The choice of 有效期: a preset number of days, or `custom` with the typed number. */
export interface ValidDaysValue {
  choice: string;
  custom: string;
}

export const DEFAULT_VALID_DAYS: ValidDaysValue = { choice: '30', custom: '' };

/** The number of days chosen, or the reason it is not a valid one. */
export function readValidDays(value: ValidDaysValue): { ok: true; days: number } | { ok: false; message: string } {
  if (value.choice !== 'custom') return { ok: true, days: Number(value.choice) };
  const problem = validDaysProblem(value.custom);
  return problem ? { ok: false, message: problem } : { ok: true, days: parseValidDays(value.custom) };
}

export interface ValidDaysFieldProps {
  value: ValidDaysValue;
  onChange: (value: ValidDaysValue) => void;
  /** What is wrong with the typed days (shown under the number input). */
  error?: string | null;
  label?: string;
  customRef?: Ref<HTMLInputElement>;
}

/**
 * 有效期: a select of 30 / 90 / 180 / 365 days or 自定义天数 (then a number input, 30–365), and
 * the day it would end (Beijing time), counted from now as the server does.
 */
export function ValidDaysField({ value, onChange, error, label = '有效期', customRef }: ValidDaysFieldProps) {
  const id = useId();
  const chosen = readValidDays(value);
  return (
    <div className={styles.validDays}>
      <div className={formStyles.field}>
        <label htmlFor={`${id}-select`} className={formStyles.label}>
          {label}
        </label>
        <select
          id={`${id}-select`}
          name="valid_days_choice"
          className={`${formStyles.input} ${styles.select}`}
          value={value.choice}
          aria-describedby={`${id}-until`}
          onChange={(event) => onChange({ ...value, choice: event.target.value })}
        >
          {VALID_DAYS_PRESETS.map((preset) => (
            <option key={preset.days} value={String(preset.days)}>
              {preset.label}
            </option>
          ))}
          <option value="custom">自定义天数（30–365 天）</option>
        </select>
      </div>
      {value.choice === 'custom' && (
        <div className={formStyles.field} data-field="valid_days">
          <label htmlFor={`${id}-days`} className={formStyles.label}>
            有效天数
          </label>
          <p id={`${id}-hint`} className={formStyles.hint}>
            30 到 365 之间的整数
          </p>
          <div className={styles.daysRow}>
            <input
              ref={customRef}
              id={`${id}-days`}
              name="valid_days"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              className={`${formStyles.input} ${styles.daysInput}`}
              value={value.custom}
              aria-invalid={error ? true : undefined}
              aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
              onChange={(event) => onChange({ ...value, custom: event.target.value })}
            />
            <span aria-hidden="true">天</span>
          </div>
          <div id={`${id}-error`} className={formStyles.fieldError} aria-live="polite" data-testid="error-valid_days">
            {error}
          </div>
        </div>
      )}
      <p id={`${id}-until`} className={formStyles.hint} data-testid="valid-until-preview">
        {chosen.ok ? `到期日：约 ${dayAfter(chosen.days)}（从现在起 ${chosen.days} 天）` : '请填写 30 到 365 天。'}
      </p>
    </div>
  );
}
