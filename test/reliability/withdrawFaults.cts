import type { useSandbox } from '../helpers/sandbox.cjs';

/** The faults a POST /withdraw may meet in the exactly-once trials. */
const FAULTS = ['5xx', 'reset', 'drop_after_commit', 'timeout', 'malformed_json', '429'];

/**
 * Queues between 0 and `below - 1` random faults, one request each, on the next POST /withdraw
 * calls, drawn from `random` (so a seed replays them); returns how many.
 */
export async function queueWithdrawFaults(
	api: ReturnType<typeof useSandbox>,
	random: () => number,
	below: number,
): Promise<number> {
	const faults = Math.floor(random() * below);
	for (let f = 0; f < faults; f++) {
		const mode = FAULTS[Math.floor(random() * FAULTS.length)];
		await api.admin('POST', '/__admin/faults', {
			method: 'POST',
			path: '/api/v1/withdraw',
			count: 1,
			mode,
			status: mode === '5xx' ? 503 : undefined,
		});
	}
	return faults;
}
