import type { ReactNode } from 'react';

import type { SupportAccount } from '../api/types';

/** What an action on the account page reports: the success notice above the refreshed account. */
export interface ActionNotice {
  tone: 'success' | 'warning';
  title: string;
  body?: ReactNode;
}

/** The props of each action panel: the account as it is now, and what to do once the server agreed. */
export interface AccountActionProps {
  account: SupportAccount;
  onDone: (account: SupportAccount, notice: ActionNotice) => void;
}
