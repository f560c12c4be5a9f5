/**
 * At least 200 randomized fault trials for the withdrawal create: 5xx, timeouts, connection resets,
 * drop-after-commit, malformed answers, 429 storms and server clock skew of ±30 s.
 */
import { useSandbox } from '../helpers/sandbox';
import { runFaultTrials, settleAndReconcile } from './faultTrials';
import { SPECS } from './trialSpecs';

const api = useSandbox({ autoAdvance: false, rateLimits: false });
const spec = SPECS.find((s) => s.name === 'withdrawal')!;

describe('withdrawal create under faults', () => {
	it('never duplicates, never loses, and explains every failure; the books balance afterwards', async () => {
		const { summary, faultsByMode, problems } = await runFaultTrials(api, spec, 200);
		expect(problems).toEqual([]);
		expect(summary.trials).toBe(200);
		expect(summary.faults).toBeGreaterThan(100);
		expect(Object.keys(faultsByMode)).toEqual(expect.arrayContaining(['5xx', 'reset', 'drop_after_commit', 'timeout', 'clock_skew']));
		expect(summary.duplicates).toBe(0);
		expect(summary.losses).toBe(0);
		expect(summary.unclearErrors).toBe(0);
		expect(summary.succeeded).toBeGreaterThan(100);
		const reconcile = await settleAndReconcile(api);
		expect(reconcile.problems).toEqual([]);
		expect(reconcile.ok).toBe(true);
	});
});
