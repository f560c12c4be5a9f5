/**
 * Exactly once by intent under faults, the way n8n runs the idioms users build: a trigger event's
 * execution meets random faults (some items fail, some answers are lost after 001k stored them),
 * then n8n's Retry re-runs the node with all its items, then the same event starts a second
 * execution. Automatic custom_id, the sandbox playing the riskiest custom_id reading ('existing').
 * Seeded: IDIOMS_SEED=<n> replays a run.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n.cjs';
import { useSandbox } from '../helpers/sandbox.cjs';
import { record } from './report.cjs';
import { prng } from '../helpers/seeded.cjs';
import { queueWithdrawFaults } from './withdrawFaults.cjs';

const SEED = Number(process.env.IDIOMS_SEED ?? Date.now() % 100_000);
const TRIALS = 8;

const api = useSandbox({
	strict: true,
	autoAdvance: false,
	rateLimits: false,
	readings: { customIdReuse: 'existing' },
});

const run = (input: IDataObject[], mode: 'webhook' | 'retry') =>
	runNode({
		node: 'zeroZeroOneK',
		parameters: {
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: '={{ $json.amount }}',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			requestTimeout: 0.3,
		} as never,
		credentials: api.credentials(),
		input: input.map((json) => ({ json })),
		continueOnFail: true,
		mode,
	});

describe('exactly once by intent: event → faults → Retry → duplicated event', () => {
	it(`pays each intended payout exactly once and never outputs another payout as it (seed ${SEED})`, async () => {
		process.stdout.write(`idioms: IDIOMS_SEED=${SEED}\n`);
		const random = prng(SEED);
		const figures = {
			trials: 0,
			payouts: 0,
			faults: 0,
			duplicates: 0,
			losses: 0,
			misreported: 0,
			replayedOnDuplicate: 0,
			failedInFirstRun: 0,
		};
		const problems: string[] = [];
		for (let t = 0; t < TRIALS; t++) {
			const size = 2 + Math.floor(random() * 4);
			const event = { code: `DEP${SEED}-${t}`, status: 'success' };
			const input = Array.from({ length: size }, (_, i) => ({
				...event,
				amount: `0.0${t + 1}${String(i).padStart(2, '0')}0000`,
			}));
			figures.faults += await queueWithdrawFaults(api, random, 8);
			const first = await run(input, 'webhook');
			await api.admin('DELETE', '/__admin/faults');
			figures.failedInFirstRun += first.items.filter((item) => item.json.error).length;
			const retried = await run(input, 'retry');
			const duplicate = await run(input, 'webhook');

			const stored: IDataObject[] = (await api.admin('GET', '/__admin/state')).operations
				.withdrawal;
			for (let i = 0; i < size; i++) {
				figures.payouts++;
				const amount = input[i].amount;
				const matches = stored.filter((op) => op.amount === amount);
				if (matches.length > 1) figures.duplicates++;
				if (matches.length === 0) figures.losses++;
				for (const [label, result] of [
					['retry', retried],
					['duplicate', duplicate],
				] as const) {
					const out =
						result.items.find((item) => (item.pairedItem as { item: number }).item === i)?.json ??
						{};
					if (out.error || out.amount !== amount || out.code !== matches[0]?.code) {
						figures.misreported++;
						problems.push(
							`trial ${t} item ${i} (${amount}) ${label}: ${String(out.error ?? `${String(out.code)} ${String(out.amount)}`)}`,
						);
					}
				}
				const dupOut =
					duplicate.items.find((item) => (item.pairedItem as { item: number }).item === i)?.json ??
					{};
				if (dupOut.replayed === true) figures.replayedOnDuplicate++;
			}
			figures.trials++;
		}
		record('idioms', 'all', { ...figures, seed: SEED, problems });
		expect(problems).toEqual([]);
		expect(figures.duplicates).toBe(0);
		expect(figures.losses).toBe(0);
		expect(figures.misreported).toBe(0);
		expect(figures.replayedOnDuplicate).toBe(figures.payouts);
		expect(figures.trials).toBe(TRIALS);
	});
});
