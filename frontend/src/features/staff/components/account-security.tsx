import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-states';
import { QrCode } from '@/components/ui/qr-code';

import {
  changeOwnStaffPassword,
  confirmSecondFactor,
  getStaffMeSetup,
  regenerateRecoveryCodes,
  startSecondFactorEnrolment,
  turnOffSecondFactor,
  type EnrolmentBody,
  type StaffMeView,
} from '../api/account-security';

const CODE_HINT = '打开手机上的验证器应用，输入当前显示的 6 位数字。';

/** Server field errors of `error` for `field`, as one line. */
function fieldMessage(error: UiError | null, field: string): string | undefined {
  return error?.fields[field];
}

/**
 * 账号安全: while setup steps are left (a new account), first 设置新密码, then 开启两步验证 (QR code
 * drawn here, the secret as text, one code to confirm), then the recovery codes shown once; later
 * new recovery codes, and 关闭两步验证 for roles where it is optional.
 */
export function AccountSecurity() {
  const [me, setMe] = useState<StaffMeView | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    const outcome = await getStaffMeSetup();
    if (outcome.ok) setMe(outcome.data);
    else setLoadError(outcome.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError) return <LoadError error={loadError} onRetry={() => void load()} />;
  if (!me) return <Loading>正在读取账号信息…</Loading>;
  if (codes) return <RecoveryCodes codes={codes} onSaved={() => { setCodes(null); void load(); }} />;

  const needsPassword = me.setup_required.includes('password');
  return (
    <div className={styles.form} data-testid="account-security">
      {me.setup_required.length > 0 && (
        <FormAlert tone="info" testId="setup-required">
          <p>
            首次使用，请先完成账号设置：
            {[needsPassword && '设置您自己的新密码', me.setup_required.includes('second_factor') && '开启两步验证'].filter(Boolean).join('，然后')}
            。完成前不能使用其他功能。
          </p>
        </FormAlert>
      )}
      {needsPassword ? (
        <ChangePassword onDone={() => void load()} />
      ) : me.second_factor_enrolled ? (
        <Enrolled me={me} onCodes={setCodes} onOff={() => void load()} />
      ) : (
        <Enrol onCodes={setCodes} />
      )}
      {me.setup_required.length === 0 && !needsPassword && (
        <p>
          <Link to="/staff">返回工作台</Link>
        </p>
      )}
    </div>
  );
}

function ChangePassword({ onDone }: { onDone: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await changeOwnStaffPassword({ current_password: current, new_password: next });
    setBusy(false);
    if (outcome.ok) onDone();
    else setError(outcome.error);
  }

  return (
    <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="设置新密码">
      <h2>设置新密码</h2>
      {error && Object.keys(error.fields).length === 0 && <ProblemAlert error={error} />}
      <Field label="当前密码（管理员告诉您的初始密码）" name="current_password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={fieldMessage(error, 'current_password')} />
      <Field label="新密码" name="new_password" type="password" autoComplete="new-password" hint="6–64 位，须含字母和数字，不能与当前密码相同。" value={next} onChange={(e) => setNext(e.target.value)} error={fieldMessage(error, 'new_password')} />
      <div className={styles.actions}>
        <Button type="submit" busy={busy}>
          {busy ? '正在保存…' : '保存新密码'}
        </Button>
      </div>
    </form>
  );
}

function Enrol({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const [secret, setSecret] = useState<EnrolmentBody | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    const outcome = await startSecondFactorEnrolment();
    setBusy(false);
    if (outcome.ok) setSecret(outcome.data);
    else setError(outcome.error);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await confirmSecondFactor(code.replace(/\s/g, ''));
    setBusy(false);
    if (outcome.ok) onCodes(outcome.data.recovery_codes);
    else {
      setCode('');
      setError(outcome.error);
    }
  }

  if (!secret) {
    return (
      <div className={styles.form}>
        <h2>两步验证</h2>
        <p>开启后，登录时除了密码，还要输入手机验证器应用中的 6 位验证码，别人拿到密码也登录不了。</p>
        {error && <ProblemAlert error={error} />}
        <div className={styles.actions}>
          <Button onClick={() => void start()} busy={busy}>
            开启两步验证
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form className={styles.form} noValidate onSubmit={(event) => void confirm(event)} aria-label="开启两步验证">
      <h2>开启两步验证</h2>
      <ol>
        <li>在手机上打开验证器应用（如“腾讯身份验证器”“Google Authenticator”），扫描下面的二维码。</li>
        <li>无法扫码时，在应用中手动输入密钥。</li>
        <li>输入应用显示的 6 位验证码，完成开启。</li>
      </ol>
      <QrCode value={secret.otpauth_uri} size={200} label="两步验证二维码" />
      <p>
        密钥：<code data-testid="totp-secret">{secret.secret}</code>
      </p>
      {error && !fieldMessage(error, 'code') && <ProblemAlert error={error} />}
      <Field label="验证码" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" hint={CODE_HINT} value={code} onChange={(e) => setCode(e.target.value)} error={fieldMessage(error, 'code')} />
      <div className={styles.actions}>
        <Button type="submit" busy={busy}>
          {busy ? '正在验证…' : '验证并开启'}
        </Button>
      </div>
    </form>
  );
}

/** The recovery codes, shown once: copy, download, then 我已保存. */
export function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const text = codes.join('\n');
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`学信网工作人员两步验证恢复码（每个只能用一次）\n${text}\n`)}`;
  return (
    <div className={styles.form} data-testid="recovery-codes">
      <h2>保存恢复码</h2>
      <FormAlert tone="info">
        <p>手机丢失或无法使用验证器时，可以用恢复码代替验证码登录，每个只能用一次。恢复码只显示这一次，请现在复制或下载，妥善保存。</p>
      </FormAlert>
      <ul aria-label="恢复码">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className={styles.actions}>
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? '已复制' : '复制'}
        </Button>
        <a className="button" href={download} download="xuexin-recovery-codes.txt">
          下载
        </a>
      </div>
      <label>
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> 我已保存恢复码
      </label>
      <div className={styles.actions}>
        <Button onClick={onSaved} unavailable={!saved}>
          完成
        </Button>
      </div>
    </div>
  );
}

function Enrolled({ me, onCodes, onOff }: { me: StaffMeView; onCodes: (codes: string[]) => void; onOff: () => void }) {
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [offCode, setOffCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  async function regenerate(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await regenerateRecoveryCodes(code.replace(/\s/g, ''));
    setBusy(false);
    setCode('');
    if (outcome.ok) onCodes(outcome.data.recovery_codes);
    else setError(outcome.error);
  }

  async function turnOff(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await turnOffSecondFactor({ password, code: offCode.replace(/\s/g, '') });
    setBusy(false);
    setOffCode('');
    if (outcome.ok) onOff();
    else setError(outcome.error);
  }

  return (
    <div className={styles.form}>
      <h2>两步验证</h2>
      <p data-testid="second-factor-on">已开启：登录时需要输入验证器应用中的验证码。</p>
      {error && <ProblemAlert error={error} />}
      <form className={styles.form} noValidate onSubmit={(event) => void regenerate(event)} aria-label="重新生成恢复码">
        <h3>重新生成恢复码</h3>
        <p>旧的恢复码将全部作废。</p>
        <Field label="验证码" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" hint={CODE_HINT} value={code} onChange={(e) => setCode(e.target.value)} />
        <div className={styles.actions}>
          <Button type="submit" busy={busy}>
            重新生成
          </Button>
        </div>
      </form>
      {me.may_turn_off_second_factor && (
        <form className={styles.form} noValidate onSubmit={(event) => void turnOff(event)} aria-label="关闭两步验证">
          <h3>关闭两步验证</h3>
          <Field label="密码" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          <Field label="验证码" name="off_code" type="text" inputMode="numeric" autoComplete="one-time-code" value={offCode} onChange={(e) => setOffCode(e.target.value)} />
          <div className={styles.actions}>
            <Button type="submit" variant="danger" busy={busy}>
              关闭两步验证
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
