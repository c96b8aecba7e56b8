/** Waits (polling every 50 ms; the test's timeout catches a hang) until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}
