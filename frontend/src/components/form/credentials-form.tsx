import { useState, type FormEvent, type ReactNode } from 'react';

import type { UiError } from '@/api/problem';
import { Button } from '@/components/ui/button';
import type { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';

import { EMAIL_INPUT, Field } from './field';
import { FormAlert } from './form-alert';
import styles from './form.module.css';
import { ShowPassword } from './show-password';
import { SubmitAlert } from './submit-alert';

/** The inputs of a login. */
export type CredentialsFields = ReturnType<typeof useFormFields<'email' | 'password'>>;

/**
 * The submit of a login (学生 or 工作人员). A failure is always said on top; field messages only
 * for a 422 (a 429's "try in N minutes" is about the login, not the password); wrong credentials
 * empty the password and focus it, anything but a 422 focuses the alert.
 */
export function useLoginSubmit(form: CredentialsFields) {
  const submit = useSubmit(form);

  function onError(problem: UiError) {
    const other = problem.status === 422 ? form.showServerErrors(problem.fields) : [];
    submit.setError({ problem, other });
    if (problem.code === 'invalid_credentials') {
      form.setValue('password', '');
      form.focus('password');
    } else if (problem.status !== 422) {
      queueMicrotask(() => submit.alertRef.current?.focus());
    }
    return true;
  }

  return { ...submit, onError };
}

/**
 * The email-and-password form of a login: the notice brought along (`role="status"`), the failure,
 * the two inputs, 显示密码 and 登录.
 */
export function CredentialsForm({
  label,
  notice,
  noticeTestId,
  form,
  login,
  onSubmit,
  below,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  notice: string | null;
  noticeTestId: string;
  form: CredentialsFields;
  login: ReturnType<typeof useLoginSubmit>;
  onSubmit: (event: FormEvent) => void;
  /** Under the failure (a way on from it). */
  below?: ReactNode;
  /** More inputs after 显示密码. */
  children?: ReactNode;
}) {
  const [showPassword, setShowPassword] = useState(false);
  return (
    <div className={styles.form}>
      {notice && (
        <FormAlert tone="info" testId={noticeTestId}>
          <p>{notice}</p>
        </FormAlert>
      )}
      <SubmitAlert ref={login.alertRef} error={login.error} />
      {below}
      <form className={styles.form} noValidate onSubmit={onSubmit} aria-label={label}>
        <Field label="电子邮箱" type="text" {...EMAIL_INPUT} autoComplete="username" {...form.field('email')} />
        <Field label="密码" type={showPassword ? 'text' : 'password'} autoComplete="current-password" {...form.field('password')} />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        {children}
        <div className={styles.actions}>
          <Button type="submit" busy={login.busy}>
            {login.busy ? '正在登录…' : '登录'}
          </Button>
        </div>
      </form>
    </div>
  );
}
