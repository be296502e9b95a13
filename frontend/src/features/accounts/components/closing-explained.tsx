import styles from './closing-explained.module.css';

/** What closing an account does, in the order a student needs to know it. */
export function ClosingExplained() {
  return (
    <div className={styles.explained} data-testid="closing-explained">
      <p>注销后，这个账号就不能再使用了，也无法恢复。请先看清楚会发生什么：</p>
      <h2 className={styles.heading}>立即生效</h2>
      <ul>
        <li>你在手机、电脑等所有设备上的登录都会退出，之后无法再用这个账号登录，也无法找回密码。</li>
        <li>你生成的在线验证报告全部失效，用人单位再查询时会显示报告已失效。</li>
        <li>还没处理完的照片校对申请会自动撤回。</li>
        <li>你的邮箱和手机号会立即释放，可以用来注册新账号。</li>
      </ul>
      <h2 className={styles.heading}>30 天后删除</h2>
      <ul>
        <li>姓名、身份证号、手机号、邮箱和登录密码会被永久删除。</li>
      </ul>
      <h2 className={styles.heading}>不会删除</h2>
      <ul>
        <li>你的学籍和学历记录属于学校，由学校保存，不会因为注销而删除。以后你可以用同一个身份证号重新注册，再次查看。</li>
        <li>按照法律要求，账号的操作记录（审计日志）会继续保存，只用于安全和依法查询。</li>
      </ul>
    </div>
  );
}
