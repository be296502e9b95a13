import { useRef, useState } from 'react';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { PASSWORD_HINT, PASSWORD_UNCHANGED_MESSAGE, REQUIRED_MESSAGES, validateConfirmation, validatePassword } from '@/lib/rules';

import { changePassword } from '../api/change-password';

/** 修改密码: the current one and a new one; the other devices are logged out. */
export function ChangePasswordForm() {
  const [showPassword, setShowPassword] = useState(false);
  const [done, setDone] = useState(false);
  const doneRef = useRef<HTMLDivElement>(null);
  const form = useFormFields(
    { current_password: '', new_password: '', confirm: '' },
    {
      current_password: (value) => (value === '' ? REQUIRED_MESSAGES.current_password_required : null),
      new_password: (value, all) =>
        validatePassword(value)?.message ?? (value === all.current_password ? PASSWORD_UNCHANGED_MESSAGE : null),
      confirm: (value, all) => validateConfirmation(all.new_password, value)?.message,
    },
  );

  const { busy, error, alertRef, onSubmit } = useSubmit(form);
  const submit = onSubmit({
    validate: () => {
      setDone(false);
      return form.validate();
    },
    send: () => changePassword({ current_password: form.values.current_password, new_password: form.values.new_password }),
    onOk: () => {
      form.reset();
      setShowPassword(false);
      setDone(true);
      queueMicrotask(() => doneRef.current?.focus());
    },
  });

  const type = showPassword ? 'text' : 'password';
  return (
    <div className={styles.form}>
      {done && (
        <FormAlert tone="success" ref={doneRef} testId="password-changed">
          <p>密码已修改，其他设备已退出登录</p>
        </FormAlert>
      )}
      {error && <ProblemAlert error={error.problem} ref={alertRef} />}
      <form className={styles.form} noValidate onSubmit={submit} aria-label="修改密码">
        <Field label="当前密码" type={type} autoComplete="current-password" {...form.field('current_password')} />
        <Field label="新密码" hint={`${PASSWORD_HINT}，不能与邮箱相同`} type={type} autoComplete="new-password" {...form.field('new_password')} />
        <Field label="确认新密码" hint="再输入一次新密码" type={type} autoComplete="new-password" {...form.field('confirm')} />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        <div className={styles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在保存…' : '修改密码'}
          </Button>
        </div>
      </form>
    </div>
  );
}
