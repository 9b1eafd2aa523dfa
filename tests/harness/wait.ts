/** Waiting helpers shared by the browser tests. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` every 100 ms until it returns a truthy value, which it returns; throws after `timeout`. */
export async function until<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  timeout = 10_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  let last: T | null | undefined | false;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
