import { Link } from 'react-router';

import { Panel } from '@/components/ui/panel';

import { CLOSE_ACCOUNT_LINK, MY_DATA_LINK } from '@/lib/privacy-links';
import { NOTICE_PUBLISHED_ON, NOTICE_VERSION } from '../lib/notice-version';

/** What changed in this version, shown when a student is asked to agree again. */
export const NOTICE_CHANGES: string[] = [
  '新增“我的数据”：你可以随时下载学信网保存的关于你的全部信息（JSON 和可打印的网页文件）。',
  '新增“谁查看过我的信息”：工作人员查看你的完整身份证号、手机号时会留下记录，你可以在“我的数据”中查看。',
  '写明了每类信息的用途、保存期限、谁能看到，以及如何更正、撤回同意和注销账号。',
];

/** The version line both languages show. */
export function NoticeVersion() {
  return (
    <p data-testid="notice-version">
      版本 <strong>{NOTICE_VERSION}</strong>（{NOTICE_PUBLISHED_ON} 发布） · Version {NOTICE_VERSION}
    </p>
  );
}

/** 《个人信息保护说明》 in Chinese, then in English. */
export function PrivacyNotice() {
  return (
    <>
      <NoticeVersion />
      <p>
        <a href="#english">Read in English</a>
      </p>
      <Panel title="我们收集哪些信息，为什么">
        <ul>
          <li>
            <strong>邮箱和密码</strong>：用于登录、激活账号和找回密码（密码只保存加密后的结果）。
          </li>
          <li>
            <strong>姓名和身份证号</strong>：用于实名认证，并找到学校为你登记的学籍、学历记录。
          </li>
          <li>
            <strong>手机号</strong>：用于接收验证码、确认是你本人。
          </li>
          <li>
            <strong>学籍、学历记录和照片</strong>：由学校和图像采集部门登记，学信网代为保存和展示。
          </li>
          <li>
            <strong>验证报告</strong>：你生成的验证码，以及每次被查询的时间（不记录查询人的信息）。
          </li>
          <li>
            <strong>登录和操作记录</strong>：用于保护账号安全，防止他人冒用。
          </li>
        </ul>
      </Panel>
      <Panel title="谁能看到">
        <ul>
          <li>你本人可以看到全部信息。</li>
          <li>你的学校只能看到本校学生的信息；省级审核部门只能看到本省学校的信息；客服在处理你的问题时可以查看你的账号。</li>
          <li>工作人员每次查看你的完整身份证号或手机号都会被记录，你可以在“我的数据”中看到是哪个单位、什么角色、为什么查看。</li>
          <li>单位核验你的学历时，只能看到你通过验证报告主动分享的信息，看不到身份证号。</li>
        </ul>
      </Panel>
      <Panel title="保存多久">
        <ul>
          <li>账号信息在账号存在期间保存；注销账号后，在注销页面写明的冷静期结束时删除个人信息。</li>
          <li>学籍、学历记录属于学校，按国家规定长期保存，注销账号不会删除这些记录。</li>
          <li>未完成的注册、已发送的短信和邮件、登录记录会在规定期限后自动清除。</li>
        </ul>
      </Panel>
      <Panel title="你的权利，以及怎么做">
        <ul>
          <li>
            <strong>查阅和复制</strong>：在 <Link to={MY_DATA_LINK}>个人中心 → 我的数据</Link> 下载你的全部信息。
          </li>
          <li>
            <strong>更正</strong>：学籍信息有误，请联系学校提交更正申请（经省级审核后生效）；账号中的姓名、身份证号填错，请联系客服更正。
          </li>
          <li>
            <strong>撤回同意和删除</strong>：在 <Link to={CLOSE_ACCOUNT_LINK}>个人中心 → 注销账号</Link> 注销，注销即撤回同意。
          </li>
          <li>
            <strong>投诉</strong>：对个人信息处理有疑问或投诉，请发邮件至 privacy@xuexin.example（15 个工作日内答复），也可以向当地网信部门投诉。
          </li>
        </ul>
      </Panel>
      <section id="english" lang="en" aria-labelledby="english-title">
        <h2 id="english-title">Privacy notice (English)</h2>
        <Panel title="What we collect and why">
          <ul>
            <li>Email and password: to log in, activate the account and reset the password (only a hash of the password is kept).</li>
            <li>Name and ID number: to verify who you are and find the enrollment and degree records your school registered.</li>
            <li>Mobile number: to send verification codes and confirm it is you.</li>
            <li>Enrollment and degree records and photos: registered by schools and the photo agency; the portal keeps and shows them.</li>
            <li>Verification reports: the codes you create and when each was looked up (nothing about who looked).</li>
            <li>Login and activity records: to keep your account safe.</li>
          </ul>
        </Panel>
        <Panel title="Who sees it">
          <ul>
            <li>You see everything. Your school sees only its own students; a provincial reviewer only its province&apos;s schools; support sees your account while handling your request.</li>
            <li>Every time staff are shown your full ID number or phone it is recorded; “My data” shows which organisation, which role and why.</li>
            <li>Verifiers see only what you share through a verification report, never your ID number.</li>
          </ul>
        </Panel>
        <Panel title="How long">
          <ul>
            <li>Account data while the account exists; after you close it, personal fields are erased when the grace period stated on the closing page ends.</li>
            <li>Enrollment and degree records belong to the schools and are kept under national rules; closing the account does not delete them.</li>
            <li>Unfinished registrations, delivered messages and login records are removed automatically after set periods.</li>
          </ul>
        </Panel>
        <Panel title="Your rights">
          <ul>
            <li>Access and copy: download everything under 个人中心 → 我的数据 (My data).</li>
            <li>Correct: ask your school to file a correction of a record; ask support to correct the name or ID number of your account.</li>
            <li>Withdraw consent and delete: close your account under 个人中心 → 注销账号.</li>
            <li>Complain: write to privacy@xuexin.example (answered within 15 working days), or to your local cyberspace administration.</li>
          </ul>
        </Panel>
      </section>
    </>
  );
}
