/**
 * 001k Trigger under load: rounds of 1,000 concurrent callbacks (each genuine one twice, plus forged
 * ones) with verification on and the sandbox's rate limits on. None lost, none emitted twice, forged
 * ones never emitted, no 429, and memory and stored state stay bounded across rounds.
 * The burst order is seeded: the seed is printed; TRIGGER_LOAD_SEED=<n> replays it.
 */
import type { IDataObject } from 'n8n-workflow';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import { startTrigger } from '../harness/webhook.cjs';
import { useSandbox } from '../helpers/sandbox.cjs';
import { prng, seedFrom, shuffle } from '../helpers/seeded.cjs';
import { record } from './report.cjs';

const api = useSandbox({ strict: true, autoAdvance: false });
const SEED = seedFrom('TRIGGER_LOAD_SEED');

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const TYPES: Array<[string, string, string]> = [
	['deposit', 'deposit', 'deposit'],
	['withdrawal', 'withdrawal', 'withdrawal'],
	['swap', 'swap', 'swap'],
	['internal_transfer', 'internal-transfer', 'internalTransfer'],
	['limit_order', 'limit-order', 'limitOrder'],
	['aml_check', 'aml-check', 'amlCheck'],
];

async function post(url: string, body: unknown) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	await response.text();
	return response.status;
}

describe('001k Trigger under load', () => {
	it(`handles rounds of 1,000 concurrent callbacks with verification on (seed ${SEED})`, async () => {
		process.stdout.write(`trigger load: TRIGGER_LOAD_SEED=${SEED}\n`);
		const random = prng(SEED);
		const trigger = await startTrigger({
			parameters: { operationTypes: TYPES.map(([, , type]) => type), verify: true },
			credentials: api.credentials(),
			workflowId: 'wf-load',
		});
		const figures = {
			rounds: 3,
			callbacks: 0,
			genuine: 0,
			forged: 0,
			emitted: 0,
			emittedTwice: 0,
			lost: 0,
			forgedEmitted: 0,
			status429: 0,
			heapGrowthMb: 0,
			storedKeys: 0,
		};
		const seen = new Set<string>();
		gc();
		const heapBefore = process.memoryUsage().heapUsed;
		for (let round = 0; round < figures.rounds; round++) {
			const known = new Set(
				(await api.admin('GET', '/__admin/state')).operations.withdrawal.map(
					(op: IDataObject) => op.code,
				),
			);
			for (const [stateKey] of TYPES)
				await api.admin('POST', '/__admin/seed', { type: stateKey, count: 75 });
			const state = await api.admin('GET', '/__admin/state');
			const genuine: Array<{ path: string; body: IDataObject; key: string }> = [];
			for (const [stateKey, path, type] of TYPES) {
				for (const op of state.operations[stateKey] as IDataObject[]) {
					const key = `${type}:${String(op.code)}`;
					if (!seen.has(key) && !(stateKey === 'withdrawal' && known.has(op.code)))
						genuine.push({ path, body: op, key });
				}
			}
			const forged = Array.from({ length: 100 }, (_, i) => ({
				path: 'withdrawal',
				body: { code: `FORGED-${round}-${i}`, status: 'success' },
				key: '',
			}));
			const burst = shuffle([...genuine, ...genuine, ...forged], random);
			const statuses = await Promise.all(burst.map((c) => post(trigger.url(c.path), c.body)));
			const emitted = trigger.emitted.slice();
			const keys = emitted.map((e) => `${String(e.operationType)}:${String(e.code)}`);
			figures.callbacks += burst.length;
			figures.genuine += genuine.length * 2;
			figures.forged += forged.length;
			figures.emitted += emitted.length;
			figures.emittedTwice += keys.length - new Set(keys).size;
			figures.lost += genuine.filter((g) => !keys.includes(g.key)).length;
			figures.forgedEmitted += emitted.filter((e) => String(e.code).startsWith('FORGED')).length;
			figures.status429 += statuses.filter((s) => s === 429).length;
			for (const g of genuine) seen.add(g.key);
			trigger.emitted.length = 0; // n8n hands them to executions; the harness need not keep them
			expect(statuses.filter((s) => s === 200)).toHaveLength(genuine.length * 2);
			expect(statuses.filter((s) => s === 404)).toHaveLength(100);
		}
		gc();
		figures.heapGrowthMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
		figures.storedKeys = (
			(trigger.staticData()['node:001k Trigger'] as IDataObject).seen as string[]
		).length;
		await trigger.stop();
		record('triggerLoad', 'all', { ...figures, seed: SEED });

		expect(figures.callbacks).toBeGreaterThanOrEqual(3000);
		expect(figures.emittedTwice).toBe(0);
		expect(figures.lost).toBe(0);
		expect(figures.forgedEmitted).toBe(0);
		expect(figures.status429).toBe(0);
		expect(figures.emitted).toBe(figures.genuine / 2);
		expect(figures.storedKeys).toBeLessThanOrEqual(2000);
		expect(figures.heapGrowthMb).toBeLessThan(150);
	});
});
