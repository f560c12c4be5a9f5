/**
 * Bench rows for issue 26: 1,000 genuine deposit callbacks sent at once (100 in flight) to the
 * 001k Trigger with the sandbox's documented rate limits on, against verify-off and against the
 * list-request floor (a raw signed client reading the same objects in pages of 200), and the same
 * burst beside a Return All of 50,000 deposits on the same key. Figures only, no assertions.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../test/harness/n8n.cjs';
import { startTrigger } from '../test/harness/webhook.cjs';
import { admin, type Sandbox } from '../test/helpers/sandbox.cjs';
import { startSandbox } from '../sandbox';

type Key = { accessKey: string; secretKey: string; baseUrl: string };
type RawGet = (key: Key, path: string, query?: string) => Promise<unknown>;

const BURST = 1_000;
const IN_FLIGHT = 100;
let keys = 0;

async function freshKey(sandbox: Sandbox): Promise<Key> {
	const key = { accessKey: `burst-${++keys}`, secretKey: `burst-secret-${keys}` };
	await admin(sandbox, 'POST', '/__admin/keys', {
		access_key: key.accessKey,
		secret_key: key.secretKey,
	});
	return { ...key, baseUrl: sandbox.url };
}

interface BurstFigures {
	lastStartMs: number;
	longestHeldMs: number;
	started: number;
	lost: number;
	doubled: number;
	unverified: number;
	verificationRequests: number;
	status429: number;
	not200: number;
}

/** Sends the burst (100 in flight), re-sending once what was answered 503, as 001k would. */
async function sendBurst(
	sandbox: Sandbox,
	key: Key,
	verify: boolean,
	beside?: () => Promise<unknown>,
): Promise<BurstFigures & { besideMs: number }> {
	const ops: IDataObject[] = (await admin(sandbox, 'GET', '/__admin/state')).operations.deposit;
	const genuine = ops.slice(0, BURST);
	const trigger = await startTrigger({
		parameters: { operationTypes: ['deposit'], verify },
		credentials: key,
		workflowId: `wf-burst-${keys}`,
	});
	await admin(sandbox, 'DELETE', '/__admin/requests');
	const started = Date.now();
	let longestHeldMs = 0;
	let lastStartMs = 0;
	let not200 = 0;
	const queue = [...genuine];
	const send = async (op: IDataObject) => {
		const sentAt = Date.now();
		const response = await fetch(trigger.url('deposit'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(op),
		});
		await response.text();
		longestHeldMs = Math.max(longestHeldMs, Date.now() - sentAt);
		if (response.status === 200) lastStartMs = Math.max(lastStartMs, Date.now() - started);
		else not200++;
		return response.status;
	};
	let besideMs = 0;
	const besideRun = beside
		? (async () => {
				const from = Date.now();
				await beside();
				besideMs = Date.now() - from;
			})()
		: Promise.resolve();
	const resend: IDataObject[] = [];
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			for (let op = queue.shift(); op; op = queue.shift())
				if ((await send(op)) === 503) resend.push(op);
		}),
	);
	for (const op of resend) await send(op);
	await besideRun;
	const log: Array<{ path: string; raw_query: string; status: number }> = await admin(
		sandbox,
		'GET',
		'/__admin/requests',
	);
	const codes = trigger.emitted.map((e) => String(e.code));
	await trigger.stop();
	return {
		lastStartMs,
		longestHeldMs,
		started: new Set(codes).size,
		lost: genuine.filter((op) => !codes.includes(String(op.code))).length,
		doubled: codes.length - new Set(codes).size,
		unverified: trigger.emitted.filter((e) => e.verified !== true).length,
		// The trigger's reads: single GETs and status-filtered pages (a Return All beside it filters no status).
		verificationRequests: log.filter(
			(r) =>
				r.path.startsWith('/api/v1/deposit/') ||
				(r.path === '/api/v1/deposit' && r.raw_query.includes('status=')),
		).length,
		status429: log.filter((r) => r.status === 429).length,
		not200,
		besideMs,
	};
}

async function burstSandbox(deposits: number): Promise<Sandbox> {
	const sandbox = await startSandbox({
		port: 0,
		autoAdvance: false,
		rateLimits: true,
		requestLogSize: 20_000,
	});
	await admin(sandbox, 'POST', '/__admin/seed', { type: 'deposit', count: deposits });
	return sandbox;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function triggerBurstBenchmarks(rows: string[][], rawGet: RawGet): Promise<void> {
	const sandbox = await burstSandbox(BURST);
	const on = await sendBurst(sandbox, await freshKey(sandbox), true);
	const off = await sendBurst(sandbox, await freshKey(sandbox), false);
	const floorKey = await freshKey(sandbox);
	const floorStart = Date.now();
	for (let offset = 0; offset < BURST; offset += 200)
		await rawGet(floorKey, '/api/v1/deposit', `?limit=200&offset=${offset}`);
	const floorMs = Date.now() - floorStart;
	await sandbox.stop();
	const met =
		on.lastStartMs <= 15_000 &&
		on.verificationRequests <= 50 &&
		on.longestHeldMs <= 5_000 &&
		on.lost === 0 &&
		on.doubled === 0 &&
		on.unverified === 0;
	rows.push([
		`001k Trigger: ${BURST} deposit callbacks at once (${IN_FLIGHT} in flight), documented limits on, Verify With API`,
		`last start ${s(on.lastStartMs)}; ${on.verificationRequests} verification requests (${(on.verificationRequests / BURST).toFixed(3)}/callback); longest held ${s(on.longestHeldMs)}; lost ${on.lost}, doubled ${on.doubled}, ${on.not200} answered non-200, ${on.status429} × 429`,
		`verify off: last start ${s(off.lastStartMs)}, longest held ${s(off.longestHeldMs)}; list floor: ${BURST / 200} pages read in ${s(floorMs)}`,
		`${(on.lastStartMs / off.lastStartMs).toFixed(2)}× verify-off; ${(on.verificationRequests / (BURST / 200)).toFixed(1)}× the list floor's requests`,
		'all started ≤ 15 s, ≤ 0.05 requests/callback, held ≤ 5 s, 0 lost, 0 doubled',
		met ? 'met' : 'not met',
	]);

	const shared = await burstSandbox(50_000);
	const key = await freshKey(shared);
	let listed = 0;
	const beside = await sendBurst(shared, key, true, async () => {
		const { items } = await runNode({
			node: 'zeroZeroOneK',
			parameters: { resource: 'deposit', operation: 'getAll', returnAll: true },
			credentials: key,
		});
		listed = items.length;
	});
	await shared.stop();
	rows.push([
		`The same burst beside a Return All of 50,000 deposits on the same key`,
		`burst: last start ${s(beside.lastStartMs)}, ${beside.started} started, ${beside.verificationRequests} verification requests; Return All: ${listed.toLocaleString('en')} in ${s(beside.besideMs)}; ${beside.status429} × 429`,
		`burst alone: last start ${s(on.lastStartMs)}`,
		`${(beside.lastStartMs / on.lastStartMs).toFixed(2)}× the burst alone`,
		'0 × 429, both finish',
		beside.status429 === 0 && listed === 50_000 && beside.started === BURST ? 'met' : 'not met',
	]);
}
