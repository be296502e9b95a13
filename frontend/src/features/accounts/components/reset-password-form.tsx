import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { ActionLink } from '@/components/ui/action-link';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { DoneLogInAgain, isDeadLink, MailLinkAlert, onDeadLink } from '@/components/mail-link';
import { PASSWORD_HINT, validateConfirmation, validatePassword } from '@/lib/rules';
import { session } from '@/lib/session';

import { confirmPasswordReset } from '../api/confirm-password-reset';

/** 设置新密码 with the emailed link's token. The email is not known here, so that rule is the server's. */
export function ResetPasswordForm() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const [showPassword, setShowPassword] = useState(false);
  const [done, setDone] = useState(false);
  const form = useFormFields(
    { new_password: '', confirm: '' },
    {
      new_password: (value) => validatePassword(value)?.message,
      confirm: (value, all) => validateConfirmation(all.new_password, value)?.message,
    },
  );
  const { busy, error, alertRef, showOnTop, onSubmit } = useSubmit(form);
  const submit = onSubmit({
    send: () => confirmPasswordReset(token, form.values.new_password),
    onOk: () => {
      // Every session of the account ended, this browser's too.
      session.clear('logout');
      setDone(true);
    },
    // A dead link: its own message on top, with the way to a new one.
    onError: onDeadLink(showOnTop),
  });

  if (token === '') {
    return (
      <>
        <FormAlert tone="error" title="重置链接不完整">
          <p>这个地址缺少重置码，可能是复制链接时只复制了一部分。请回到邮件中点击完整的链接，或重新申请。</p>
        </FormAlert>
        <ActionLink to="/forgot-password">重新申请重置密码</ActionLink>
      </>
    );
  }

  if (done) {
    return (
      <DoneLogInAgain title="密码已重置，所有设备已退出登录" testId="reset-done">
        <p>请用新密码重新登录。</p>
      </DoneLogInAgain>
    );
  }

  const dead = isDeadLink(error?.problem);
  return (
    <div className={styles.form}>
      <MailLinkAlert error={error} ref={alertRef} again={{ to: '/forgot-password', label: '重新申请重置密码' }} />
      {!dead && (
        <form className={styles.form} noValidate onSubmit={submit} aria-label="设置新密码">
          <Field label="新密码" hint={PASSWORD_HINT} type={showPassword ? 'text' : 'password'} autoComplete="new-password" {...form.field('new_password')} />
          <Field label="确认新密码" hint="再输入一次新密码" type={showPassword ? 'text' : 'password'} autoComplete="new-password" {...form.field('confirm')} />
          <ShowPassword checked={showPassword} onChange={setShowPassword} />
          <div className={styles.actions}>
            <Button type="submit" busy={busy}>
              {busy ? '正在保存…' : '设置新密码'}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
