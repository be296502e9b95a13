import formStyles from '@/components/form/form.module.css';
import { FormAlert } from '@/components/form/form-alert';

/**
 * No record matches the account's real-name details (PRODUCT.md "When a student cannot find
 * their records"): records link by name and ID number together, so one of the two differs.
 */
export function NoRecordsHelp({ kind }: { kind: 'enrollment' | 'degree' }) {
  const what = kind === 'enrollment' ? '学籍' : '学历';
  return (
    <FormAlert tone="info" title={`没有找到与您实名信息一致的${what}记录`} testId="no-records">
      <p>
        {what}记录只按<strong>姓名和身份证号都一致</strong>关联到账号，通常是账号的实名信息与学校登记的不一致。请按下面的情况处理：
      </p>
      <ul className={formStyles.tips}>
        <li>
          <strong>注册时姓名或身份证号填错了：</strong>请联系客服，核实身份后由客服更正账号的实名信息（自己不能修改）。
        </li>
        <li>
          <strong>账号信息无误，但学校登记的{what}信息有误：</strong>请联系你的学校（{kind === 'enrollment' ? '学籍管理部门' : '学籍或学历管理部门'}）核对更正；学校修改后，经所在省份的主管部门审核通过即生效。
        </li>
        {kind === 'degree' ? (
          <li>学历记录在毕业后由学校登记。还在读的同学请查看学籍信息。</li>
        ) : (
          <li>身份证号中的字母 X 要与学校登记的一致；少数民族姓名中的“·”也要一致。</li>
        )}
      </ul>
    </FormAlert>
  );
}
