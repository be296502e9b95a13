import { useRef, useState, type FormEvent } from 'react';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { SelectField } from '@/components/form/select-field';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { useFormFields } from '@/hooks/use-form-fields';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { PASSWORD_HINT, serverTrim, validateEmail, validatePassword } from '@/lib/rules';

import { createStaffAccount } from '../api/create-staff-account';
import { ROLE_LABELS } from '../lib/roles';
import type { StaffRole, StaffView } from '../lib/staff-session';
import { staffErrorMessage } from './staff-role-gate';

export const STAFF_ACCOUNTS_FORBIDDEN = '只有平台管理员可以管理工作人员账号。';

/** The roles, in Chinese, for selects. */
export const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as StaffRole[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** 新建工作人员账号: email, initial password, role, and the scope the role needs (school or province). */
export function CreateStaffAccount({ onCreated }: { onCreated: (staff: StaffView) => void }) {
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ problem: UiError; other: string[] } | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // Field errors focus their input; anything else is read from the alert on top.
  useFocusOnShow(alertRef, error && error.problem.status !== 422 && error.problem.status !== 409 ? error : null);
  const form = useFormFields(
    { email: '', password: '', role: '', school_code: '', province_code: '' },
    {
      email: (value) => validateEmail(value)?.message,
      password: (value, all) => validatePassword(value, all.email)?.message,
      role: (value) => (value === '' ? '请选择角色。' : null),
      school_code: (value, all) => (all.role === 'school_admin' && serverTrim(value) === '' ? '院校管理员须填写院校代码。' : null),
      province_code: (value, all) => (all.role === 'provincial_reviewer' && serverTrim(value) === '' ? '省级审核员须填写省份代码。' : null),
    },
  );
  const role = form.values.role as StaffRole | '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!form.validate() || role === '') return;
    setBusy(true);
    const outcome = await createStaffAccount({
      email: serverTrim(form.values.email),
      password: form.values.password,
      role,
      school_code: role === 'school_admin' ? serverTrim(form.values.school_code) : null,
      province_code: role === 'provincial_reviewer' ? serverTrim(form.values.province_code) : null,
    });
    setBusy(false);
    if (outcome.ok) {
      form.reset();
      setShowPassword(false);
      onCreated(outcome.data);
      return;
    }
    const problem = outcome.error;
    const other = problem.status === 422 || problem.status === 409 ? form.showServerErrors(problem.fields).map(String) : [];
    setError({ problem, other });
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
        <Field
          label="初始密码"
          type={showPassword ? 'text' : 'password'}
          autoComplete="new-password"
          hint={`${PASSWORD_HINT}；请通过安全的渠道告诉本人`}
          {...form.field('password')}
        />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
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
            {busy ? '正在创建…' : '创建账号'}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
