import styles from './registration-steps.module.css';

/** The steps of registering, as the original guide counts them after choosing "注册学信网账号". */
export const REGISTRATION_STEPS = ['注册账号', '激活邮箱', '实名信息', '手机确认', '确认信息', '完成'] as const;

export type RegistrationStep = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Where the student is in the registration: numbered steps, those before `current` ticked off,
 * the current one marked (`aria-current="step"`). Read as "第 3 步，共 6 步：实名信息".
 */
export function RegistrationSteps({ current }: { current: RegistrationStep }) {
  const total = REGISTRATION_STEPS.length;
  return (
    <nav className={styles.progress} aria-label="注册进度" data-testid="registration-steps" data-current={current}>
      <p className={styles.summary}>
        第 {current} 步，共 {total} 步：<strong>{REGISTRATION_STEPS[current - 1]}</strong>
      </p>
      <ol className={styles.steps}>
        {REGISTRATION_STEPS.map((label, index) => {
          const step = index + 1;
          const state = step < current ? 'done' : step === current ? 'current' : 'todo';
          return (
            <li key={label} className={styles.step} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className={styles.marker} aria-hidden="true">
                {state === 'done' ? '✓' : step}
              </span>
              <span className={styles.label}>
                {state === 'done' && <span className="visually-hidden">已完成：</span>}
                {label}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
