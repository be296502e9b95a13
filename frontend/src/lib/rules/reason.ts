/**
 * The reason staff give for a change, with the same rules, codes and messages as the server
 * (`backend/src/rules/reason.rs`): trimmed, at most 500 characters, several lines but nothing
 * else invisible (see `./text`); required for most actions.
 */
import { serverTrim } from './email';
import type { RuleError } from './rule-error';
import { invisibleCharacter } from './text';

export const REASON_MAX_CHARS = 500;

export const REASON_MESSAGES = {
  reason_required: '请写明原因。',
  reason_too_long: `最多 ${REASON_MAX_CHARS} 个字。`,
} as const;

/** The first rule `raw` breaks, or `null`; an empty optional reason is fine. */
export function validateReason(raw: string, { required = true }: { required?: boolean } = {}): RuleError | null {
  const text = serverTrim(raw);
  const invisible = invisibleCharacter(text, { multiLine: true });
  if (invisible) return invisible;
  if (text === '') return required ? { code: 'reason_required', message: REASON_MESSAGES.reason_required } : null;
  if ([...text.normalize('NFC')].length > REASON_MAX_CHARS) return { code: 'reason_too_long', message: REASON_MESSAGES.reason_too_long };
  return null;
}
