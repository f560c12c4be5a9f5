/** mulberry32: a small seeded PRNG, so a randomized test that fails can be replayed with its seed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The seed a randomized test runs with: the env var's value when set (a replay), else a fresh one. */
export function seedFrom(envName: string): number {
	const given = process.env[envName];
	if (given !== undefined && !/^\d+$/.test(given))
		throw new Error(`${envName} must be a whole number, not "${given}"`);
	return given !== undefined ? Number(given) : Date.now() % 2 ** 31;
}

/** Fisher–Yates with the given PRNG: the same seed gives the same order. */
export function shuffle<T>(items: T[], random: () => number): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}
