// Tests wait on conditions, never on the clock: poll `check` until it holds, and fail with what
// was awaited once a generous deadline passes (a slow shared machine only makes a test slower).

/** Resolves when `check` returns true; throws `timed out waiting for <what>` after `ms`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
