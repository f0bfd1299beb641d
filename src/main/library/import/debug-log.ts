/**
 * Failure reasons shown to people are short sentences; what the library said (its message, a
 * URL, a stack) goes here instead, to stderr when BRIEFINGS_DEBUG is set, for whoever debugs.
 */
export function debugDetail(context: string, cause: unknown): void {
  if (!process.env.BRIEFINGS_DEBUG) return;
  const detail = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
  process.stderr.write(`[briefings debug] ${context}: ${detail}\n`);
}
