/**
 * Randomized fault trials for one money-moving create, through the real node in n8n-core against
 * the sandbox's fault injection. Faults are queued on the create's route and consumed in order by
 * every attempt (first tries and retries alike), so each trial meets a random run of them.
 * Seeded: the seed is printed; FAULTS_SEED=<n> replays a run.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n.cjs';
import { useSandbox } from '../helpers/sandbox.cjs';
import { prng, seedFrom } from '../helpers/seeded.cjs';
import { record } from './report.cjs';
import { SPECS } from './trialSpecs.cjs';

type Api = ReturnType<typeof useSandbox>;

export interface TrialSpec {
	name: string;
	resource: string;
	/** Route template of the create, as the sandbox names it. */
	path: string;
	/** Key of the operation list in the sandbox state. */
	stateKey: string;
	/** Node parameters; use expressions on `$json` for per-item values. */
	parameters: IDataObject;
	/** Per-item input: must make each item's request unique (`unique`), e.g. an amount or address. */
	item(index: number): IDataObject & { unique: string };
	/** The operation field that carries the item's `unique` value. */
	uniqueOf(operation: IDataObject): string;
}

const MODES: Array<[string, number]> = [
	['none', 40],
	['5xx', 12],
	['reset', 12],
	['drop_after_commit', 14],
	['timeout', 8],
	['malformed_json', 8],
	['429', 6],
];

function pickMode(random: () => number): string {
	let roll = random() * 100;
	for (const [mode, weight] of MODES) {
		roll -= weight;
		if (roll < 0) return mode;
	}
	return 'none';
}

async function queueFaults(
	api: Api,
	path: string,
	count: number,
	random: () => number,
): Promise<Record<string, number>> {
	const injected: Record<string, number> = {};
	for (let i = 0; i < count; i++) {
		const mode = pickMode(random);
		// A 429 storm: several refusals in a row.
		const repeat = mode === '429' && random() < 0.3 ? 3 : 1;
		injected[mode] = (injected[mode] ?? 0) + repeat;
		const fault =
			mode === 'none'
				? { mode: 'latency', latencyMs: 0 }
				: { mode, status: mode === '5xx' ? [500, 502, 503, 504][i % 4] : undefined };
		await api.admin('POST', '/__admin/faults', { method: 'POST', path, count: repeat, ...fault });
	}
	return injected;
}

const SKEWS = [0, 30_000, -30_000];

/**
 * Runs `trials` creates in batches: most with an automatic custom_id, a quarter with none.
 * Returns counts; asserts nothing itself so the caller's expectations read like the issue.
 */
export async function runFaultTrials(
	api: Api,
	spec: TrialSpec,
	seed: number,
	trials = 200,
	batch = 50,
) {
	const random = prng(seed);
	const summary = {
		trials: 0,
		faults: 0,
		duplicates: 0,
		losses: 0,
		unclearErrors: 0,
		succeeded: 0,
		failedCleanly: 0,
	};
	const problems: string[] = [];
	const faultsByMode: Record<string, number> = {};
	let index = 0;
	for (let start = 0; start < trials; start += batch) {
		const withCustomId = start + batch <= trials * 0.75;
		const skew = SKEWS[(start / batch) % SKEWS.length];
		await api.admin('POST', '/__admin/clock', { offsetMs: skew });
		if (skew) faultsByMode.clock_skew = (faultsByMode.clock_skew ?? 0) + 1;
		const injected = await queueFaults(api, spec.path, batch * 2, random);
		for (const [mode, n] of Object.entries(injected))
			if (mode !== 'none') faultsByMode[mode] = (faultsByMode[mode] ?? 0) + n;

		const input = Array.from({ length: batch }, () => ({ json: spec.item(index++) }));
		const { items } = await runNode({
			node: 'zeroZeroOneK',
			parameters: {
				...spec.parameters,
				resource: spec.resource,
				operation: 'create',
				customIdMode: withCustomId ? 'manual' : 'none',
				customId: '={{ "trial-" + $json.unique }}',
				requestTimeout: 0.3,
			},
			credentials: api.credentials(),
			input,
			continueOnFail: true,
		});
		await api.admin('DELETE', '/__admin/faults');
		await api.admin('POST', '/__admin/clock', { offsetMs: 0 });

		const state = await api.admin('GET', '/__admin/state');
		const operations: IDataObject[] = state.operations[spec.stateKey];
		for (let i = 0; i < input.length; i++) {
			const unique = input[i].json.unique;
			const matches = operations.filter((op) => spec.uniqueOf(op) === unique);
			const out =
				items.find((item) => (item.pairedItem as { item: number }).item === i)?.json ?? {};
			summary.trials++;
			if (matches.length > 1) summary.duplicates++;
			if (out.error) {
				const clear = /^Outcome unknown|rate limit|server error/i.test(String(out.error));
				if (!clear) {
					summary.unclearErrors++;
					problems.push(`unclear error for ${unique}: ${String(out.error)}`);
				}
				// With a custom_id the node either returns the operation or none was created.
				if (withCustomId && matches.length > 0) {
					summary.losses++;
					problems.push(`error but created for ${unique}: ${String(out.error)}`);
				} else summary.failedCleanly++;
			} else {
				summary.succeeded++;
				if (matches.length !== 1 || matches[0].code !== out.code) {
					summary.losses++;
					problems.push(`output ${String(out.code)} for ${unique} but ${matches.length} stored`);
				}
			}
		}
	}
	summary.faults = Object.values(faultsByMode).reduce((a, b) => a + b, 0);
	record('faults', spec.name, { ...summary, seed, faultsByMode, problems });
	return { summary, faultsByMode, problems };
}

/** Moves every operation to a final state, then asks the sandbox whether the books balance. */
export async function settleAndReconcile(api: Api): Promise<{ ok: boolean; problems: string[] }> {
	for (let i = 0; i < 50; i++) {
		const state = await api.admin('GET', '/__admin/state?ops=0');
		if (!state.active) break;
		await api.admin('POST', '/__admin/tick', { count: 5 });
	}
	return await api.admin('GET', '/__admin/reconcile');
}

/**
 * The whole suite for one create. Each create has its own test file (faults-<name>.test.cts) only so
 * that jest runs them in parallel workers: the trials mostly wait on back-offs, not on the CPU.
 */
export function faultSuite(name: string): void {
	const api = useSandbox({ strict: true, autoAdvance: false, rateLimits: false });
	const spec = SPECS.find((s) => s.name === name)!;
	const seed = seedFrom('FAULTS_SEED');

	describe(`${name} create under faults (seed ${seed}; FAULTS_SEED=${seed} replays)`, () => {
		it('never duplicates, never loses, and explains every failure; the books balance afterwards', async () => {
			process.stdout.write(`faults ${name}: FAULTS_SEED=${seed}\n`);
			const { summary, faultsByMode, problems } = await runFaultTrials(api, spec, seed, 200);
			expect(problems).toEqual([]);
			expect(summary.trials).toBe(200);
			expect(summary.faults).toBeGreaterThan(100);
			expect(Object.keys(faultsByMode)).toEqual(
				expect.arrayContaining(['5xx', 'reset', 'drop_after_commit', 'timeout', 'clock_skew']),
			);
			expect(summary.duplicates).toBe(0);
			expect(summary.losses).toBe(0);
			expect(summary.unclearErrors).toBe(0);
			expect(summary.succeeded).toBeGreaterThan(100);
			const reconcile = await settleAndReconcile(api);
			expect(reconcile.problems).toEqual([]);
			expect(reconcile.ok).toBe(true);
		});
	});
}
