import { useEffect, useRef, useState, type FocusEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { SubmitAlert } from '@/components/form/submit-alert';
import { Button } from '@/components/ui/button';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import type { NavState } from '@/lib/nav-state';
import { formatChineseDate, normalizeIdNumber, normalizeName, parseIdNumber, validateIdNumber, validateName } from '@/lib/rules';

import { putIdentity, type IdentityResponse } from '../api/put-identity';
import styles from './registration.module.css';
import type { RegistrationGateApi } from './registration-gate';

export const NAME_HINT = '请填写与高考报名/录取时一致的姓名，不要用拼音；少数民族姓名中的“·”会自动统一';
export const ID_NUMBER_HINT = '18 位第二代身份证号，最后一位可以是 X';
export const RECORDS_FOUND_NOTICE = '已找到您的学籍/学历记录。';
export const NO_RECORDS_TITLE = '没有找到与这个姓名和身份证号一致的学籍或学历记录。';
/** The server's limit of different name/ID pairs per account and day (`APP_IDENTITY_DAILY_SUBMISSIONS`). */
export const DAILY_IDENTITY_SUBMISSIONS = 5;

/** 出生日期 and 性别, read from a valid ID number as it is typed (出生日期自动生成). */
function DerivedFromId({ idNumber }: { idNumber: string }) {
  const parsed = parseIdNumber(idNumber);
  return (
    <div className={styles.derived} aria-live="polite" data-testid="derived-from-id">
      {parsed.ok ? (
        <>
          <div className={styles.derivedFields}>
            <Field label="出生日期" name="birth_date" readOnly value={formatChineseDate(parsed.value.birthDate)} />
            <Field label="性别" name="sex" readOnly value={parsed.value.sex} />
          </div>
          <p className={formStyles.muted}>出生日期和性别根据身份证号自动生成，无需填写；如果不对，请检查身份证号。</p>
        </>
      ) : (
        <p className={formStyles.muted}>填好身份证号后，出生日期和性别会自动生成，无需填写。</p>
      )}
    </div>
  );
}

/** The notice when no record carries this name and ID number: what to check, whom to ask. */
function NoRecordsNotice({ result, onEdit, onContinue }: { result: IdentityResponse; onEdit: () => void; onContinue: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // Moves the focus (and a screen reader) to the news before anything else.
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className={formStyles.form} data-testid="no-records">
      <FormAlert
        tone="warning"
        title={NO_RECORDS_TITLE}
        ref={ref}
      >
        <p>
          您提交的是：姓名 <strong>{result.name}</strong>，身份证号 <strong className={styles.nowrap}>{result.id_number}</strong>（出生日期{' '}
          {formatChineseDate(result.birth_date)}，{result.sex}）。
        </p>
        <p>请拿出录取通知书或学籍信息，逐字核对姓名和身份证号：</p>
        <ul>
          <li>
            <strong>学校的记录是对的、是这里填错了：</strong>请点“修改姓名/身份证号”，现在就改正后重新提交。每个账号每天最多可以提交{' '}
            {DAILY_IDENTITY_SUBMISSIONS} 组不同的姓名和身份证号。
          </li>
          <li>
            <strong>学校记录里的姓名或身份证号有误：</strong>请联系您的学校。学校修改记录后，要经所在省级教育行政部门审核通过才会生效。
          </li>
          <li>
            <strong>专升本学生</strong>，如果学籍资格还在审核（资格待查）：请联系您的学校处理。
          </li>
        </ul>
        <p>如果是这里填错了，请务必现在修改：完成注册后，姓名和身份证号不能自行修改，只能联系客服更正。</p>
      </FormAlert>
      <div className={formStyles.actions}>
        <Button onClick={onEdit}>修改姓名/身份证号</Button>
        <Button variant="secondary" onClick={onContinue}>
          仍然继续
        </Button>
      </div>
    </div>
  );
}

/** What is already stored, when the student comes back (after logging in) to this step. */
function AlreadyEntered({ gate }: { gate: RegistrationGateApi }) {
  const { summary } = gate;
  if (!summary.name) return null;
  return (
    <FormAlert tone="info" title="你已填写过实名信息" testId="identity-stored">
      <p>
        姓名 <strong>{summary.name}</strong>，身份证号 <span className={styles.nowrap}>{summary.id_number}</span>。
      </p>
      <p>
        <Link to={summary.phone_verified ? '/register/confirm' : '/register/phone'}>
          {summary.phone_verified ? '下一步：确认信息' : '下一步：手机确认'}
        </Link>
        ；如需修改，请在下面重新填写并提交。
      </p>
    </FormAlert>
  );
}

/**
 * 实名注册: name and ID number, checked as typed with the server's rules; 出生日期 and 性别 appear
 * from a valid ID number. The answer says whether records with this name and ID number exist:
 * found → the phone step (with the good news); not found → what to do, before moving on.
 */
export function IdentityForm({ gate }: { gate: RegistrationGateApi }) {
  const navigate = useNavigate();
  const [noRecords, setNoRecords] = useState<IdentityResponse | null>(null);
  const form = useFormFields(
    { name: gate.summary.name ?? '', id_number: '' },
    {
      name: (value) => validateName(value)?.message,
      id_number: (value) => validateIdNumber(value)?.message,
    },
  );

  const goToPhone = (notice?: string) => {
    const state: NavState = notice ? { notice } : {};
    navigate('/register/phone', { state });
  };

  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const submit = onSubmit({
    send: () => putIdentity({ name: normalizeName(form.values.name), id_number: normalizeIdNumber(form.values.id_number) }),
    onOk: (data) => {
      if (data.records_found) goToPhone(RECORDS_FOUND_NOTICE);
      else setNoRecords(data);
    },
    onError: (problem) => {
      if (gate.handleCommon(problem)) return true;
      if (problem.code !== 'id_number_taken') return false;
      form.showServerErrors({ id_number: problem.fields.id_number ?? problem.message });
      return true;
    },
  });

  if (noRecords) {
    return (
      <NoRecordsNotice
        result={noRecords}
        onEdit={() => {
          setNoRecords(null);
          queueMicrotask(() => form.focus('name'));
        }}
        onContinue={() => goToPhone()}
      />
    );
  }

  const nameField = form.field('name');
  return (
    <div className={formStyles.form}>
      <p className={formStyles.muted}>
        账号 <strong className={styles.account} data-testid="registration-email">{gate.summary.email}</strong> 已激活。
      </p>
      <AlreadyEntered gate={gate} />
      <SubmitAlert ref={alertRef} error={error} />
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="实名信息">
        <Field
          label="姓名"
          hint={NAME_HINT}
          type="text"
          autoComplete="name"
          spellCheck={false}
          {...nameField}
          onBlur={(event: FocusEvent<HTMLInputElement>) => {
            nameField.onBlur(event);
            // Shows the form the server keeps: trimmed, look-alike dots as "·".
            const normalized = normalizeName(event.target.value);
            if (normalized !== event.target.value) form.setValue('name', normalized);
          }}
        />
        <Field
          label="身份证号"
          hint={ID_NUMBER_HINT}
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className={styles.idField}
          {...form.field('id_number')}
        />
        <DerivedFromId idNumber={form.values.id_number} />
        <div className={formStyles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在提交…' : '提交'}
          </Button>
        </div>
      </form>
      <p className={formStyles.muted}>
        姓名和身份证号要与录取时学校登记的完全一致，才能查到您的学籍和学历记录。提交后会告诉您是否找到了记录。
      </p>
    </div>
  );
}
