import { StrictMode, type ReactNode } from 'react';

/** App-wide providers; later ones (session, query cache…) wrap `children` here. */
export function AppProvider({ children }: { children: ReactNode }) {
  return <StrictMode>{children}</StrictMode>;
}
