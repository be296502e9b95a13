import { Link } from 'react-router';

import { Page, type PageProps } from '@/components/ui/page';

/** A page of 个人中心, with the way back to it. */
export function MePage(props: Omit<PageProps, 'back'>) {
  return <Page {...props} back={<Link to="/me">← 个人中心</Link>} />;
}

/** The aside of a form page for someone who may have an account: `question` and 登录. */
export function LoginAside({ question }: { question: string }) {
  return (
    <p>
      {question}
      <Link to="/login">登录</Link>
    </p>
  );
}
