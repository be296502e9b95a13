import { Navigate, useLocation, useSearchParams } from 'react-router';

/**
 * The old address of the staff login: staff log in on `/login` (工作人员登录, `?as=staff`). A
 * `?next=` and the notice handed over (e.g. "你已退出登录。") come along.
 */
export function Component() {
  const location = useLocation();
  const [params] = useSearchParams();
  const search = new URLSearchParams({ as: 'staff' });
  const next = params.get('next');
  if (next) search.set('next', next);
  return <Navigate to={`/login?${search.toString()}`} replace state={location.state} />;
}
