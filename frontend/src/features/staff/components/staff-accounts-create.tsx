import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { SelectField } from '@/components/form/select-field';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { useFormFields } from '@/hooks/use-form-fields';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { copyText } from '@/lib/clipboard';
import { PASSWORD_HINT, serverTrim, validateEmail, validatePassword } from '@/lib/rules';

import { createStaffAccount } from '../api/create-staff-account';
import { ROLE_LABELS, roleText } from '@/lib/staff/roles';
import type { StaffRole, StaffView } from '@/lib/staff/staff-session';
import { staffErrorMessage } from '@/components/staff-role-gate';
import styles from './staff-accounts.module.css';

export const STAFF_ACCOUNTS_FORBIDDEN = '只有平台管理员可以管理工作人员账号。';

/** The roles, in Chinese, for selects. */
export const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as StaffRole[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/**
 * How long a setup link works: the server's `APP_STAFF_SETUP_LINK_HOURS`, whose default this is
 * (the answer does not carry the expiry).
 */
export const SETUP_LINK_HOURS = 72;

/** How the new member gets their password: a first one from the admin, or a one-time link. */
type Method = 'password' | 'link';

const METHODS: { value: Method; label: string; about: string }[] = [
  { value: 'password', label: '设置初始密码（对方首次登录须修改）', about: '由您设定一个密码，通过安全的渠道告诉本人。' },
  {
    value: 'link',
    label: '生成一次性设置链接（不设密码）',
    about: `创建后显示一个链接，发给本人，由本人设置自己的密码；链接${SETUP_LINK_HOURS}小时内有效，只能用一次。`,
  },
];

/** The account just created with a setup link, and the link (shown once). */
type Issued = { staff: StaffView; link: string | null };

/**
 * 新建工作人员账号: email, how the member gets a password (a first password to change at the first
 * login, or a one-time setup link), role, and the scope the role needs (school or province).
 * With a link, the answer's link is shown once, in place of the form, until 完成.
 */
export function CreateStaffAccount({ onCreated }: { onCreated: (staff: StaffView, withSetupLink: boolean) => void }) {
  const [method, setMethod] = useState<Method>('password');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ problem: UiError; other: string[]; focus: boolean } | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const backToForm = useRef(false);
  const groupId = useId();
  // Field errors focus their input; anything else is read from the alert on top.
  useFocusOnShow(alertRef, error?.focus ? error : null);
  const form = useFormFields(
    { email: '', password: '', role: '', school_code: '', province_code: '' },
    {
      email: (value) => validateEmail(value)?.message,
      password: (value, all) => (method === 'link' ? null : validatePassword(value, all.email)?.message),
      role: (value) => (value === '' ? '请选择角色。' : null),
      school_code: (value, all) => (all.role === 'school_admin' && serverTrim(value) === '' ? '院校管理员须填写院校代码。' : null),
      province_code: (value, all) => (all.role === 'provincial_reviewer' && serverTrim(value) === '' ? '省级审核员须填写省份代码。' : null),
    },
  );
  const role = form.values.role as StaffRole | '';
  const { focus } = form;

  // After 完成 the form is back: the focus goes to its first input, for the next account.
  useEffect(() => {
    if (issued || !backToForm.current) return;
    backToForm.current = false;
    focus('email');
  }, [issued, focus]);

  function choose(next: Method) {
    setMethod(next);
    // The password is not kept (nor sent) while the link is chosen.
    if (next === 'link') {
      form.setValue('password', '');
      setShowPassword(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!form.validate() || role === '') return;
    setBusy(true);
    const scope = {
      role,
      school_code: role === 'school_admin' ? serverTrim(form.values.school_code) : null,
      province_code: role === 'provincial_reviewer' ? serverTrim(form.values.province_code) : null,
    };
    const email = serverTrim(form.values.email);
    const outcome = await createStaffAccount(
      method === 'link' ? { email, setup_link: true, ...scope } : { email, password: form.values.password, ...scope },
    );
    setBusy(false);
    if (outcome.ok) {
      form.reset();
      setShowPassword(false);
      if (method === 'link') setIssued({ staff: outcome.data, link: outcome.data.setup_link ?? null });
      onCreated(outcome.data, method === 'link');
      return;
    }
    const problem = outcome.error;
    let other: string[] = [];
    let focusAlert = true;
    if (problem.status === 422 || problem.status === 409) {
      // With the link the password input is hidden: a message about it goes on top.
      const { password: passwordMessage, ...rest } = problem.fields;
      const fields = method === 'link' ? rest : problem.fields;
      other = form.showServerErrors(fields).map(String);
      // A message next to an input focuses that input; only else the alert.
      focusAlert = other.length === Object.keys(fields).length;
      if (method === 'link' && passwordMessage) other.push(passwordMessage);
    }
    setError({ problem, other, focus: focusAlert });
  }

  if (issued) {
    return (
      <Panel title="新建工作人员账号" testId="create-staff">
        <IssuedSetupLink
          issued={issued}
          onDone={() => {
            backToForm.current = true;
            setIssued(null);
          }}
        />
      </Panel>
    );
  }

  return (
    <Panel title="新建工作人员账号" testId="create-staff">
      {error && (
        <ProblemAlert ref={alertRef} error={error.problem} message={staffErrorMessage(error.problem, STAFF_ACCOUNTS_FORBIDDEN)}>
          {error.other.map((message, i) => (
            <p key={i}>{message}</p>
          ))}
        </ProblemAlert>
      )}
      <form className={formStyles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="新建工作人员账号">
        <Field label="邮箱" type="text" inputMode="email" autoComplete="off" autoCapitalize="none" spellCheck={false} {...form.field('email')} />
        <fieldset className={styles.methods}>
          <legend>密码设置方式</legend>
          {METHODS.map((item) => (
            <div key={item.value} className={styles.method}>
              <input
                type="radio"
                id={`${groupId}-${item.value}`}
                name="first_login"
                value={item.value}
                checked={method === item.value}
                onChange={() => choose(item.value)}
                aria-describedby={`${groupId}-${item.value}-about`}
                disabled={busy}
              />
              <label htmlFor={`${groupId}-${item.value}`}>{item.label}</label>
              <p id={`${groupId}-${item.value}-about`}>{item.about}</p>
            </div>
          ))}
        </fieldset>
        {method === 'password' && (
          <>
            <Field
              label="初始密码"
              type={showPassword ? 'text' : 'password'}
              autoComplete="new-password"
              hint={`${PASSWORD_HINT}；请通过安全的渠道告诉本人`}
              {...form.field('password')}
            />
            <ShowPassword checked={showPassword} onChange={setShowPassword} />
          </>
        )}
        <SelectField
          label="角色"
          options={[{ value: '', label: '请选择角色' }, ...ROLE_OPTIONS]}
          {...form.field('role')}
        />
        {role === 'school_admin' && (
          <Field label="院校代码" type="text" inputMode="numeric" autoComplete="off" hint="院校管理员只能管理这所院校，如 10001（须是已导入的院校）" {...form.field('school_code')} />
        )}
        {role === 'provincial_reviewer' && (
          <Field label="省份代码" type="text" inputMode="numeric" autoComplete="off" hint="两位数字，如 11（北京）；只审核这个省份院校的更正申请" {...form.field('province_code')} />
        )}
        <div className={formStyles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在创建…' : method === 'link' ? '创建账号并生成链接' : '创建账号'}
          </Button>
        </div>
      </form>
    </Panel>
  );
}

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The one-time setup link of an account just created: the whole link as text (selectable at once),
 * 复制 (clipboard API, or the old way; when neither works, the link is selected for copying by hand),
 * and the warning that it is shown only this once. 完成 goes back to the form.
 */
function IssuedSetupLink({ issued, onDone }: { issued: Issued; onDone: () => void }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const noticeRef = useRef<HTMLDivElement>(null);
  const linkRef = useRef<HTMLElement>(null);
  const labelId = useId();
  const { staff, link } = issued;

  // The notice is read first: the focus moves to it as the link appears.
  useFocusOnShow(noticeRef, issued);

  useEffect(() => {
    if (copy !== 'failed' || !linkRef.current) return;
    linkRef.current.focus();
    const selection = window.getSelection();
    if (!selection) return;
    const range = document.createRange();
    range.selectNodeContents(linkRef.current);
    selection.removeAllRanges();
    selection.addRange(range);
  }, [copy]);

  if (!link) {
    return (
      <div className={styles.setupLink} data-testid="staff-setup-link">
        <FormAlert tone="warning" ref={noticeRef} title={`已创建工作人员账号 ${staff.email}（${roleText(staff)}）`}>
          <p>但服务器没有返回设置链接，对方暂时无法设置密码。请联系技术支持。</p>
        </FormAlert>
        <div className={formStyles.actions}>
          <Button onClick={onDone}>完成</Button>
        </div>
      </div>
    );
  }

  return (
    <div className={styles.setupLink} data-testid="staff-setup-link">
      <FormAlert tone="success" ref={noticeRef} title={`已创建工作人员账号 ${staff.email}（${roleText(staff)}）`} testId="staff-setup-link-notice">
        <p>请把下面的一次性设置链接通过安全的渠道发给本人，由本人打开链接设置自己的密码。</p>
      </FormAlert>
      <div className={formStyles.field}>
        <p id={labelId} className={formStyles.label}>
          一次性设置链接
        </p>
        <p className={formStyles.hint} data-testid="setup-link-expiry">
          <strong>链接{SETUP_LINK_HOURS}小时内有效，只显示这一次</strong>：关闭后无法再查看；对方设置密码后链接即失效。
        </p>
        <code ref={linkRef} className={styles.linkText} tabIndex={0} aria-labelledby={labelId} data-testid="setup-link-url">
          {link}
        </code>
      </div>
      <div className={formStyles.actions}>
        <Button
          variant="secondary"
          onClick={() => {
            setCopy('idle');
            void copyText(link).then((copied) => setCopy(copied ? 'copied' : 'failed'));
          }}
        >
          复制<span className="visually-hidden">设置链接</span>
        </Button>
        <Button onClick={onDone}>完成</Button>
      </div>
      <p role="status" className={styles.copied} data-testid="setup-link-copy-status">
        {copy === 'copied' && '✓ 链接已复制，可以发给对方了。'}
      </p>
      {copy === 'failed' && (
        <FormAlert tone="warning" testId="setup-link-copy-failed">
          <p>浏览器不允许自动复制。链接已选中，请长按或按 Ctrl+C 手动复制。</p>
        </FormAlert>
      )}
    </div>
  );
}
