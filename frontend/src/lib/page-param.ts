/** A page number from a list's URL (`?page=`): a whole number from 1; anything else is page 1. */
export function parsePage(value: string | null): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return 1;
  return Math.max(1, Number(value));
}
