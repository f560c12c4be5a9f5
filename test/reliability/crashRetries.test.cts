/**
 * Exactly once when n8n dies mid-batch (issue 24): a data-less run (a Manual Trigger's items) meets
 * random faults, then "crashes": nothing of it is saved but its start (what n8n's recovery keeps),
 * and n8n's Retry re-runs the node in a new execution whose custom_ids cannot be recomputed. The
 * retry must find what the crashed run paid and pay the rest: no duplicate, no silent loss. With no
 * saved start (a lost queue worker), every item is refused, none paid twice.
 * Seeded: CRASH_SEED=<n> replays a run.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n.cjs';
import { useSandbox } from '../helpers/sandbox.cjs';
import { record } from './report.cjs';
import { prng } from '../helpers/seeded.cjs';
import { queueWithdrawFaults } from './withdrawFaults.cjs';

const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
const TRIALS = 8;

const api = useSandbox({
	strict: true,
	autoAdvance: false,
	rateLimits: false,
	readings: { customIdReuse: 'existing' },
});

/** A batch of payouts from a data-less trigger: the amounts live in the node, picked by item index. */
const run = (amounts: string[], mode: 'manual' | 'retry', saved?: unknown) =>
	runNode({
		node: 'zeroZeroOneK',
		parameters: {
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: `={{ ${JSON.stringify(amounts)}[$itemIndex] }}`,
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			requestTimeout: 0.3,
		} as never,
		credentials: api.credentials(),
		input: amounts.map(() => ({ json: {} })),
		continueOnFail: true,
		mode,
		saved,
	});

const recovered = (startMs: number) => ({
	resultData: { runData: { Start: [{ startTime: Math.floor(startMs / 1000) }] } },
});

describe('exactly once when n8n dies mid-batch: crash → Retry in a new execution', () => {
	it(`the retry finds what the crashed run paid and pays the rest, once each (seed ${SEED})`, async () => {
		process.stdout.write(`crash retries: CRASH_SEED=${SEED}\n`);
		const random = prng(SEED);
		const figures = {
			trials: 0,
			payouts: 0,
			faults: 0,
			paidBeforeCrash: 0,
			foundBySearch: 0,
			duplicates: 0,
			losses: 0,
			refusedWithoutRecord: 0,
			paidTwiceWithoutRecord: 0,
		};
		const problems: string[] = [];
		for (let t = 0; t < TRIALS; t++) {
			const size = 2 + Math.floor(random() * 4);
			const amounts = Array.from(
				{ length: size },
				(_, i) => `0.0${t + 1}${String(i).padStart(2, '0')}0000`,
			);
			figures.faults += await queueWithdrawFaults(api, random, 6);
			const start = Date.now();
			await run(amounts, 'manual');
			await api.admin('DELETE', '/__admin/faults');
			const stored = async (): Promise<IDataObject[]> =>
				(await api.admin('GET', '/__admin/state')).operations.withdrawal;
			const before = await stored();
			figures.paidBeforeCrash += amounts.filter((a) => before.some((o) => o.amount === a)).length;

			// Half the trials: a lost queue worker, nothing saved: refused, never paid twice.
			if (random() < 0.5) {
				const blind = await run(amounts, 'retry', undefined);
				figures.refusedWithoutRecord += blind.items.filter((i) =>
					/^Not sent/.test(String(i.json.error ?? '')),
				).length;
				const after = await stored();
				figures.paidTwiceWithoutRecord += amounts.filter(
					(a) => after.filter((o) => o.amount === a).length > 1,
				).length;
			}

			const retried = await run(amounts, 'retry', recovered(start));
			const after = await stored();
			for (let i = 0; i < size; i++) {
				figures.payouts++;
				const matches = after.filter((op) => op.amount === amounts[i]);
				if (matches.length > 1) figures.duplicates++;
				if (matches.length === 0) figures.losses++;
				const out =
					retried.items.find((item) => (item.pairedItem as { item: number }).item === i)?.json ??
					{};
				if (out.reconciled === true) figures.foundBySearch++;
				if (out.error || out.code !== matches[0]?.code)
					problems.push(
						`trial ${t} item ${i} (${amounts[i]}): ${String(out.error ?? `${String(out.code)} ${String(out.amount)}`)}`,
					);
			}
			figures.trials++;
		}
		record('crashRetries', 'all', { ...figures, seed: SEED, problems });
		expect(problems).toEqual([]);
		expect(figures.duplicates).toBe(0);
		expect(figures.losses).toBe(0);
		expect(figures.paidTwiceWithoutRecord).toBe(0);
		expect(figures.trials).toBe(TRIALS);
	});
});
