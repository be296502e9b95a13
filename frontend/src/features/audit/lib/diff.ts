/** One field of an audit event's state, before and after (`undefined`: not in that state). */
export interface DiffRow {
  field: string;
  before?: string;
  after?: string;
  changed: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a person reads it: text as it is, `null` as （空）, true/false as 是/否, lists as JSON. */
export function displayValue(value: unknown): string {
  if (value === null) return '（空）';
  if (typeof value === 'string') return value === '' ? '（空字符串）' : value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Nested objects as dotted keys (`{a: {b: 1}}` → `a.b`); anything that is not an object as one value. */
export function flatten(state: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (!isPlainObject(state)) {
    if (state !== undefined && (prefix !== '' || state !== null)) into.set(prefix || '（值）', state);
    return into;
  }
  const entries = Object.entries(state);
  if (entries.length === 0 && prefix) into.set(prefix, {});
  for (const [key, value] of entries) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) flatten(value, path, into);
    else into.set(path, value);
  }
  return into;
}

/**
 * The before/after states of an event as rows of a key/value diff: every field of either state,
 * in the order they appear (the before state's first), marked when its value differs.
 */
export function diffStates(before: unknown, after: unknown): DiffRow[] {
  const old = flatten(before);
  const now = flatten(after);
  const fields = [...new Set([...old.keys(), ...now.keys()])];
  return fields.map((field) => {
    const a = old.has(field) ? displayValue(old.get(field)) : undefined;
    const b = now.has(field) ? displayValue(now.get(field)) : undefined;
    return { field, ...(a !== undefined && { before: a }), ...(b !== undefined && { after: b }), changed: a !== b };
  });
}
