/** A broken rule: the server's machine code and its Chinese message. */
export interface RuleError {
  code: string;
  message: string;
}
