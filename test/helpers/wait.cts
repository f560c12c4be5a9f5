/**
 * Waiting for state that moves on its own (the sandbox settling operations, sending callbacks): read
 * until the condition holds, with a bound, never once. A loaded machine may take seconds.
 */
export async function waitUntil<T>(
	what: string,
	read: () => Promise<T> | T,
	ok: (value: T) => boolean,
	{
		timeoutMs = 30_000,
		everyMs = 25,
		show = (value: T) => JSON.stringify(value),
	}: { timeoutMs?: number; everyMs?: number; show?: (value: T) => string } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (ok(value)) return value;
		if (Date.now() >= deadline)
			throw new Error(`${what}: not within ${timeoutMs / 1000} s; last seen ${show(value)}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}
