import type { CallChannel } from '../shared/channels';
import { contract } from '../shared/contract';
import { AppFailure, err, ok, type Result } from '../shared/result';
import type { Handlers } from './handlers';

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

const isChannel = (c: string): c is CallChannel => Object.hasOwn(contract, c);

/**
 * The trust boundary, shared by Electron IPC and the e2e harness: unknown channels are refused,
 * every payload is parsed with its contract schema, and every outcome (including a crash inside
 * a handler) becomes a Result. No stack trace ever reaches the renderer.
 */
export function createDispatcher(handlers: Handlers, log: (e: unknown) => void = console.error): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) return err('FORBIDDEN', `unknown channel ${String(channel).slice(0, 80)}`);
    const parsed = contract[channel].input.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return err('VALIDATION', `invalid request for ${channel}${where}: ${issue?.message ?? 'bad input'}`);
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (cause) {
      if (cause instanceof AppFailure) return err(cause.code, cause.message);
      // A library opened read-only (a read-only disk): expected, and the user is told why.
      if ((cause as { code?: unknown } | null)?.code === 'SQLITE_READONLY')
        return err('FORBIDDEN', 'the library is on a read-only disk or folder, so this change cannot be saved');
      log(cause);
      return err('INTERNAL', 'something went wrong inside Briefings; the error has been logged');
    }
  };
}
