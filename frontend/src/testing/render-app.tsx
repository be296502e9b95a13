import { render, screen } from '@testing-library/react';
import { createMemoryRouter, parsePath, RouterProvider } from 'react-router';

import { routes } from '@/app/router';

/** Renders the whole app (layout, routes, lazy screens) at `path`, in memory; waits for its h1. */
export async function renderApp(path: string, state?: unknown) {
  const router = createMemoryRouter(routes, { initialEntries: [state === undefined ? path : { ...parsePath(path), state }] });
  render(<RouterProvider router={router} />);
  await screen.findByRole('heading', { level: 1 });
  return router;
}

/** The input labelled `label` (exactly). */
export function input(label: string) {
  return screen.getByLabelText(label, { exact: true }) as HTMLInputElement;
}

/** The message shown next to the input named `field` (its `error-<field>` element). */
export function fieldMessage(field: string) {
  return screen.getByTestId(`error-${field}`).textContent ?? '';
}

/** The message element is part of the input's accessible description (read with the input). */
export function describedByMessage(inputElement: HTMLInputElement, field: string) {
  const ids = (inputElement.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.includes(screen.getByTestId(`error-${field}`).id);
}
