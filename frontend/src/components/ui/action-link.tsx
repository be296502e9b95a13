import type { ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';

import formStyles from '@/components/form/form.module.css';

import { buttonClass } from './button';

/** The one way on after an outcome (登录, 重新申请 …): a primary button-styled link in the actions row. */
export function ActionLink({ children, ...link }: LinkProps & { children: ReactNode }) {
  return (
    <div className={formStyles.actions}>
      <Link {...link} className={buttonClass('primary')}>
        {children}
      </Link>
    </div>
  );
}
