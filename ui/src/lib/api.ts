// The one way the UI calls the backend: `call('customer_search', { query })`.
// Names, arguments and results come from the generated command table
// (`CommandMap` in bindings.ts), so svelte-check catches a wrong argument or
// a result used as something it is not.
import type { Command, CommandMap } from './bindings';
import { send } from './transport';

export type ArgsOf<K extends Command> = CommandMap[K]['args'];
export type ResultOf<K extends Command> = CommandMap[K]['result'];

export function call<K extends Command>(
  cmd: K,
  ...args: ArgsOf<K> extends void ? [] : [ArgsOf<K>]
): Promise<ResultOf<K>> {
  return send(cmd, args[0] ?? {}) as Promise<ResultOf<K>>;
}
