/**
 * npm run bench: figures for the benchmarks issue, each a ratio against a baseline measured in the
 * same run (medians of several runs). Not a test suite: nothing here asserts a timing.
 */
import { execFileSync } from 'child_process';
import { createHmac } from 'crypto';
import { cpus, totalmem } from 'os';
import { existsSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join, resolve } from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { IDataObject, IVersionedNodeType } from 'n8n-workflow';

import { runNode } from '../test/harness/n8n.cjs';
import { startTrigger } from '../test/harness/webhook.cjs';
import { admin, type Sandbox } from '../test/helpers/sandbox.cjs';
import { startSandbox } from '../sandbox';
import { triggerBurstBenchmarks } from './triggerBurst.cjs';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const rows: string[][] = [];
const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

let keyCounter = 0;
/** A fresh API key: our client paces per key, so runs measured back to back do not pace each other. */
async function freshKey(sandbox: Sandbox) {
	const key = { accessKey: `bench-${++keyCounter}`, secretKey: `bench-secret-${keyCounter}` };
	await admin(sandbox, 'POST', '/__admin/keys', {
		access_key: key.accessKey,
		secret_key: key.secretKey,
	});
	return { ...key, baseUrl: sandbox.url };
}

/** Runs fn while sampling the heap; returns wall time and peak heap above the starting point. */
async function measure<T>(
	fn: () => Promise<T>,
): Promise<{ ms: number; peakMb: number; result: T }> {
	gc();
	const base = process.memoryUsage().heapUsed;
	let peak = base;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
	const started = process.hrtime.bigint();
	const result = await fn();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	return { ms, peakMb: (peak - base) / 1024 / 1024, result };
}

/** The floor: a minimal signed-HTTP client making the same requests as the node. */
async function rawGet(
	key: { accessKey: string; secretKey: string; baseUrl: string },
	path: string,
	query = '',
): Promise<any> {
	const timestamp = String(Date.now());
	const signature = createHmac('sha256', key.secretKey)
		.update(`${key.accessKey}${path}${timestamp}`)
		.digest('hex');
	const response = await fetch(`${key.baseUrl}${path}${query}`, {
		headers: { 'X-Access-Key': key.accessKey, 'X-Timestamp': timestamp, 'X-Signature': signature },
	});
	if (!response.ok) throw new Error(`${path} -> ${response.status}`);
	return await response.json();
}

/** Return All as the doc advises: pages of 200, `end_at` moved back at the offset cap, repeats dropped. */
async function rawReturnAll(key: {
	accessKey: string;
	secretKey: string;
	baseUrl: string;
}): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	let endAt: string | undefined;
	let offset = 0;
	for (;;) {
		const query = `?${endAt ? `end_at=${encodeURIComponent(endAt)}&` : ''}limit=200&offset=${offset}`;
		const page: IDataObject[] = await rawGet(key, '/api/v1/deposit', query);
		for (const op of page) {
			if (seen.has(String(op.code))) continue;
			seen.add(String(op.code));
			out.push(op);
		}
		if (page.length < 200) return out;
		offset += 200;
		if (offset > 10_000) {
			endAt = String(out[out.length - 1].created_at);
			offset = 0;
		}
	}
}

async function returnAllBenchmark() {
	const sandbox = await startSandbox({ port: 0, autoAdvance: false, rateLimits: false });
	await admin(sandbox, 'POST', '/__admin/seed', { type: 'deposit', count: 50_000 });
	const node: Array<{ ms: number; peakMb: number }> = [];
	const raw: Array<{ ms: number; peakMb: number }> = [];
	let count = 0;
	for (let run = 0; run < RUNS; run++) {
		const key = await freshKey(sandbox);
		const r = await measure(() => rawReturnAll(key));
		raw.push(r);
		const n = await measure(() =>
			runNode({
				node: 'zeroZeroOneK',
				parameters: { resource: 'deposit', operation: 'getAll', returnAll: true },
				credentials: key,
			}),
		);
		count = n.result.items.length;
		if (count !== r.result.length || count < 50_000)
			throw new Error(`node returned ${count}, raw ${r.result.length}`);
		node.push(n);
	}
	await sandbox.stop();
	const ratio = median(node.map((x) => x.ms)) / median(raw.map((x) => x.ms));
	rows.push([
		`Return All of ${count.toLocaleString('en')} deposits (rate limits off)`,
		`${fmt(median(node.map((x) => x.ms)) / 1000, 2)} s, peak heap +${fmt(median(node.map((x) => x.peakMb)), 0)} MB`,
		`${fmt(median(raw.map((x) => x.ms)) / 1000, 2)} s, peak heap +${fmt(median(raw.map((x) => x.peakMb)), 0)} MB`,
		`${fmt(ratio, 2)}×`,
		'≤ 1.3× the raw loop',
		ratio <= 1.3 ? 'met' : 'not met',
	]);
	// Memory per object: node output items (n8n wraps each in { json, pairedItem }) against the raw array.
	const perObjectNode = (median(node.map((x) => x.peakMb)) * 1024 * 1024) / count;
	const perObjectRaw = (median(raw.map((x) => x.peakMb)) * 1024 * 1024) / count;
	rows.push([
		'  memory per object returned',
		`${fmt(perObjectNode / 1024, 2)} KB`,
		`${fmt(perObjectRaw / 1024, 2)} KB`,
		`${fmt(perObjectNode / perObjectRaw, 2)}×`,
		'linear in the output',
		'see note',
	]);
}

async function rateLimitBenchmark() {
	// With the documented limits on: 600 requests a minute on GET /deposit, 200 objects each.
	const sandbox = await startSandbox({
		port: 0,
		autoAdvance: false,
		rateLimits: true,
		requestLogSize: 5000,
	});
	const requests = 720;
	await admin(sandbox, 'POST', '/__admin/seed', { type: 'deposit', count: requests * 200 - 100 });
	const key = await freshKey(sandbox);
	const { ms, result } = await measure(() =>
		runNode({
			node: 'zeroZeroOneK',
			parameters: { resource: 'deposit', operation: 'getAll', returnAll: true },
			credentials: key,
		}),
	);
	const log: Array<{ status: number; time: string; path: string }> = await admin(
		sandbox,
		'GET',
		'/__admin/requests',
	);
	const pages = log.filter((r) => r.path === '/api/v1/deposit');
	const refused = pages.filter((r) => r.status === 429).length;
	// How much of the limit the pacing uses: a sliding window lets request k+600 go 60 s after request k
	// at the earliest, so 60 s / (the actual gap) is the share of the allowed rate achieved.
	const times = pages.map((r) => Date.parse(r.time));
	const gaps = times.slice(600).map((t, i) => t - times[i]);
	const share = (60_000 / median(gaps)) * 100;
	await sandbox.stop();
	const objects = result.items.length;
	const perMinuteObjects = (share / 100) * 600 * 200;
	rows.push([
		`Return All of ${objects.toLocaleString('en')} deposits with the documented limits on`,
		`${fmt(ms / 1000, 1)} s, ${pages.length} requests, ${refused} × 429`,
		'limit: 600 requests/min × 200 objects',
		`${fmt(share, 1)} % of the limit (${Math.round(perMinuteObjects).toLocaleString('en')} objects/min sustained; request k+600 waits ${fmt(median(gaps) / 1000, 2)} s after request k, 60 s minimum)`,
		'≥ 95 %, zero 429',
		share >= 95 && refused === 0 ? 'met' : 'not met',
	]);
}

async function getItemsBenchmark() {
	const sandbox = await startSandbox({ port: 0, autoAdvance: false, rateLimits: false });
	await admin(sandbox, 'POST', '/__admin/seed', { type: 'withdrawal', count: 1000 });
	const state = await admin(sandbox, 'GET', '/__admin/state');
	const codes: string[] = state.operations.withdrawal.map((op: IDataObject) => op.code);
	for (const items of [500, 1000]) {
		const node: number[] = [];
		const raw: number[] = [];
		// A paced run lasts over a minute per side: measured once.
		for (let run = 0; run < (items > 600 ? 1 : RUNS); run++) {
			const key = await freshKey(sandbox);
			raw.push(
				(
					await measure(async () => {
						// The same pacing the node applies (600/min on GET /withdraw/{code}), so both obey the doc.
						const started = Date.now();
						for (let i = 0; i < items; i++) {
							if (i >= 600 && i % 600 === 0)
								await new Promise((r) =>
									setTimeout(r, Math.max(0, started + 60_500 * (i / 600) - Date.now())),
								);
							await rawGet(key, `/api/v1/withdraw/${encodeURIComponent(codes[i % codes.length])}`);
						}
					})
				).ms,
			);
			node.push(
				(
					await measure(() =>
						runNode({
							node: 'zeroZeroOneK',
							parameters: { resource: 'withdrawal', operation: 'get', code: '={{ $json.code }}' },
							credentials: key,
							input: Array.from({ length: items }, (_, i) => ({
								json: { code: codes[i % codes.length] },
							})),
						}),
					)
				).ms,
			);
		}
		const perItem = (median(node) - median(raw)) / items;
		rows.push([
			`${items.toLocaleString('en')} "Get" items in one execution${items > 600 ? ' (paced to 600/min, as the doc requires)' : ''}`,
			`${fmt(median(node) / 1000, 2)} s`,
			`${fmt(median(raw) / 1000, 2)} s`,
			`${fmt(median(node) / median(raw), 2)}× (${fmt(perItem, 2)} ms per item)`,
			'low per-item overhead',
			'see ratio',
		]);
	}
	await sandbox.stop();
}

async function triggerBenchmark() {
	const sandbox = await startSandbox({ port: 0, autoAdvance: false, rateLimits: false });
	const types: Array<[string, string, string]> = [
		['deposit', 'deposit', 'deposit'],
		['withdrawal', 'withdrawal', 'withdrawal'],
		['swap', 'swap', 'swap'],
		['internal_transfer', 'internal-transfer', 'internalTransfer'],
		['limit_order', 'limit-order', 'limitOrder'],
		['aml_check', 'aml-check', 'amlCheck'],
	];
	for (const [type] of types) await admin(sandbox, 'POST', '/__admin/seed', { type, count: 160 });
	const state = await admin(sandbox, 'GET', '/__admin/state');
	const callbacks = types.flatMap(([stateKey, path]) =>
		(state.operations[stateKey] as IDataObject[]).map((op) => ({ path, op })),
	);
	const key = await freshKey(sandbox);
	const trigger = await startTrigger({
		parameters: { operationTypes: types.map(([, , t]) => t), verify: true },
		credentials: key,
		workflowId: 'wf-bench',
	});
	const routes: Record<string, string> = {
		deposit: '/api/v1/deposit/',
		withdrawal: '/api/v1/withdraw/',
		swap: '/api/v1/swap/',
		'internal-transfer': '/api/v1/internal-transfer/',
		'limit-order': '/api/v1/limit-order/',
		'aml-check': '/api/v1/aml/check/',
	};
	const rawKey = await freshKey(sandbox);
	const raw = await measure(() =>
		Promise.all(callbacks.map((c) => rawGet(rawKey, `${routes[c.path]}${String(c.op.code)}`))),
	);
	const node = await measure(() =>
		Promise.all(
			callbacks.map(async (c) => {
				const response = await fetch(trigger.url(c.path), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(c.op),
				});
				await response.text();
			}),
		),
	);
	if (trigger.emitted.length !== callbacks.length)
		throw new Error(`emitted ${trigger.emitted.length} of ${callbacks.length}`);
	await trigger.stop();
	await sandbox.stop();
	rows.push([
		`001k Trigger: ${callbacks.length} concurrent callbacks, verification on`,
		`${fmt(callbacks.length / (node.ms / 1000), 0)} callbacks/s`,
		`${fmt(callbacks.length / (raw.ms / 1000), 0)} verification GETs/s`,
		`${fmt(node.ms / raw.ms, 2)}×`,
		'as fast as verification allows',
		'see ratio',
	]);
}

/** One create per execution, as event-driven workflows run them (issue 16), with the documented limits on. */
const EVENT_CREATES = [
	{
		label: 'withdrawal',
		route: '/api/v1/withdraw',
		lookup: '/api/v1/withdrawal-methods',
		perMinute: 600,
		parameters: {
			resource: 'withdrawal',
			operation: 'create',
			currency: 'BTC',
			method: 'BTC',
			amount: '0.001',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		},
	},
	{
		label: 'swap',
		route: '/api/v1/swap/open',
		lookup: '/api/v1/swap-directions',
		perMinute: 300,
		parameters: {
			resource: 'swap',
			operation: 'create',
			direction: 'BTC-USDT',
			amountType: 'spend',
			amount: '0.001',
		},
	},
	{
		label: 'limit order',
		route: '/api/v1/limit-order',
		lookup: '/api/v1/limit-pairs',
		perMinute: 600,
		parameters: {
			resource: 'limitOrder',
			operation: 'create',
			pair: 'BTCUSDT',
			side: 'buy',
			orderDefinedBy: 'priceAndReceive',
			limitPrice: '20000.00',
			receiveAmount: '0.001',
		},
	},
	{
		label: 'internal transfer',
		route: '/api/v1/internal-transfer',
		lookup: '/api/v1/currency',
		perMinute: 600,
		parameters: {
			resource: 'internalTransfer',
			operation: 'create',
			currencyCode: 'USDT',
			amount: '0.01',
			recipient: 'user123',
		},
	},
];

/** The most requests that fall in any 60-second window. */
function busiestMinute(times: number[]): number {
	let best = 0;
	for (let i = 0, j = 0; j < times.length; j++) {
		while (times[j] - times[i] >= 60_000) i++;
		best = Math.max(best, j - i + 1);
	}
	return best;
}

type EventCreate = (typeof EVENT_CREATES)[number];
type LogEntry = {
	method: string;
	status: number;
	time: string;
	route: string | null;
	headers: Record<string, string>;
};

/** Runs `work` with a fresh key and reads what it did from the sandbox's request log. */
async function eventRun(
	sandbox: Sandbox,
	create: EventCreate,
	work: (key: Awaited<ReturnType<typeof freshKey>>) => Promise<Array<{ error?: Error }>>,
) {
	const key = await freshKey(sandbox);
	const started = Date.now();
	const results = await work(key);
	const ms = Date.now() - started;
	// GET /currency is public, so unsigned: its reads are those made during this run.
	const log: LogEntry[] = (await admin(sandbox, 'GET', '/__admin/requests')).filter(
		(r: LogEntry) =>
			r.headers['x-access-key'] === key.accessKey ||
			(r.route === create.lookup &&
				create.lookup.endsWith('/currency') &&
				Date.parse(r.time) >= started),
	);
	// Creates only: the custom_id look-ups before each create share the route as GETs.
	const times = log
		.filter((r) => r.method === 'POST' && r.route === create.route && r.status === 200)
		.map((r) => Date.parse(r.time))
		.sort((a, b) => a - b);
	return {
		ms,
		failed: results.filter((r) => r.error).length,
		created: times.length,
		span: times.length ? times[times.length - 1] - times[0] : 0,
		busiest: busiestMinute(times),
		lookups: log.filter((r) => r.route === create.lookup).length,
		refused: log.filter((r) => r.status === 429).length,
	};
}

const perEventRuns =
	(create: EventCreate, events: number) => (key: Awaited<ReturnType<typeof freshKey>>) =>
		Promise.all(
			Array.from({ length: events }, () =>
				runNode({ node: 'zeroZeroOneK', parameters: create.parameters as never, credentials: key }),
			),
		);

async function eventDrivenBenchmark() {
	const events = Number(process.env.BENCH_EVENTS ?? 70);
	const sandbox = await startSandbox({
		port: 0,
		autoAdvance: false,
		rateLimits: true,
		requestLogSize: 50_000,
	});
	const lookupLimit = (create: EventCreate) =>
		`GET ${create.lookup.slice(7)} ${create.lookup.endsWith('/currency') ? 10 : 30}/min`;
	for (const create of EVENT_CREATES) {
		const batch = await eventRun(sandbox, create, async (key) => {
			const run = await runNode({
				node: 'zeroZeroOneK',
				parameters: create.parameters as never,
				credentials: key,
				input: Array.from({ length: events }, (_, i) => ({ json: { i } })),
			});
			return run.error ? [{ error: run.error }] : run.items.map(() => ({}));
		});
		const perEvent = await eventRun(sandbox, create, perEventRuns(create, events));
		if (perEvent.failed || batch.failed || perEvent.created !== events)
			throw new Error(`${create.label}: ${perEvent.failed} failed, ${perEvent.created} created`);
		const inFirstMinute = perEvent.span < 60_000;
		const met =
			(inFirstMinute || perEvent.busiest >= 0.95 * create.perMinute) &&
			perEvent.refused === 0 &&
			perEvent.lookups <= Math.floor(perEvent.ms / 60_000) + 1;
		rows.push([
			`${events} executions × 1 ${create.label} create (limits on: POST ${create.perMinute}/min, ${lookupLimit(create)})`,
			`${inFirstMinute ? `all ${events} POSTs within ${fmt(perEvent.span / 1000, 2)} s` : `busiest minute ${perEvent.busiest} POSTs`}, ${perEvent.lookups} lookup${perEvent.lookups === 1 ? '' : 's'}, ${perEvent.refused} × 429; ${fmt(perEvent.ms / 1000, 2)} s in all`,
			`1 execution × ${events} items: ${fmt(batch.ms / 1000, 2)} s, ${batch.lookups} lookup, ${batch.refused} × 429`,
			`${fmt(perEvent.ms / batch.ms, 2)}×`,
			'all N in the first minute (N < limit); 0 × 429; ≤ 1 lookup per 60 s lifetime',
			met ? 'met' : 'not met',
		]);
	}
	// Past the create limit: the lookup stays off the critical path while the create endpoint's own limit paces.
	const swap = EVENT_CREATES[1];
	const sustained = Number(process.env.BENCH_EVENTS_SUSTAINED ?? 330);
	if (!sustained) return await sandbox.stop();
	const run = await eventRun(sandbox, swap, perEventRuns(swap, sustained));
	if (run.failed || run.created !== sustained)
		throw new Error(`sustained swaps: ${run.failed} failed, ${run.created} created`);
	const share = (run.busiest / swap.perMinute) * 100;
	const lifetimes = Math.floor(run.ms / 60_000) + 1;
	rows.push([
		`${sustained} executions × 1 swap create, all at once (limits on: POST ${swap.perMinute}/min, ${lookupLimit(swap)})`,
		`busiest minute ${run.busiest} POSTs = ${fmt(share, 1)} % of the create limit, ${run.lookups} lookups in ${fmt(run.ms / 1000, 1)} s (${lifetimes} lifetimes), ${run.refused} × 429`,
		`limit: ${swap.perMinute} creates/min`,
		`${fmt(share, 1)} %`,
		'≥ 95 % of the create limit; 0 × 429; ≤ 1 lookup per 60 s lifetime',
		share >= 95 && run.refused === 0 && run.lookups <= lifetimes ? 'met' : 'not met',
	]);
	await sandbox.stop();
}

/**
 * n8n's own HTTP Request node (HttpRequestV3), from the n8n the e2e run installs into the cache:
 * n8n-nodes-base is not a dependency of this repository (88 dependencies of its own).
 */
function loadHttpRequestNode(): IVersionedNodeType | string {
	const cache = join(
		process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
		'n8n-nodes-001k',
		'n8n-2.41.1',
		'node_modules',
		'n8n-nodes-base',
	);
	const file = join(cache, 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	if (!existsSync(file)) return `n8n-nodes-base not in ${cache} (npm run test:e2e installs it)`;
	const { HttpRequest } = require(file) as { HttpRequest: new () => IVersionedNodeType };
	return new HttpRequest();
}

async function httpRequestNodeBenchmark() {
	const httpRequest = loadHttpRequestNode();
	if (typeof httpRequest === 'string') {
		rows.push([
			'1,000 "Get" items: 001k node vs n8n\'s HTTP Request node',
			'not measured',
			httpRequest,
			'–',
			'same requests, same run',
			'not run',
		]);
		return;
	}
	const sandbox = await startSandbox({ port: 0, autoAdvance: false, rateLimits: false });
	await admin(sandbox, 'POST', '/__admin/seed', { type: 'withdrawal', count: 1000 });
	const state = await admin(sandbox, 'GET', '/__admin/state');
	const codes: string[] = state.operations.withdrawal.map((op: IDataObject) => op.code);
	// 500 stays inside 001k's 600/min, so no pacing wait; 1,000 is the issue's figure, where the 001k node waits out the minute.
	for (const items of [500, 1000]) {
		await admin(sandbox, 'DELETE', '/__admin/requests');
		const input = codes.slice(0, items).map((code) => ({
			json: { code, url: `${sandbox.url}/api/v1/withdraw/${encodeURIComponent(code)}` },
		}));
		const [httpKey, nodeKey] = [await freshKey(sandbox), await freshKey(sandbox)];
		const viaHttpNode = await measure(async () =>
			runNode({
				node: { name: 'n8n-nodes-base.httpRequest', type: httpRequest },
				typeVersion: 4.2,
				parameters: {
					method: 'GET',
					url: '={{ $json.url }}',
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'zeroZeroOneKApi',
					options: {},
				},
				credentials: httpKey,
				input,
			}),
		);
		const viaNode = await measure(async () =>
			runNode({
				node: 'zeroZeroOneK',
				parameters: { resource: 'withdrawal', operation: 'get', code: '={{ $json.code }}' },
				credentials: nodeKey,
				input,
			}),
		);
		const log: Array<{ status: number; error_code: string | null }> = await admin(
			sandbox,
			'GET',
			'/__admin/requests',
		);
		for (const [name, run] of [
			['HTTP Request node', viaHttpNode],
			['001k node', viaNode],
		] as const) {
			const got = run.result.items.filter((item) => typeof item.json.code === 'string').length;
			const refused = [
				...new Set(
					log.filter((r) => r.status !== 200).map((r) => `${r.status} ${String(r.error_code)}`),
				),
			].join(', ');
			if (run.result.error || got !== items)
				throw new Error(
					`${name}: ${got} of ${items} withdrawals, ${String(run.result.error?.message ?? '')} (sandbox: ${refused})`,
				);
		}
		const paced = items > 600;
		rows.push([
			`${items.toLocaleString('en')} "Get" items, 001k node vs n8n's HTTP Request node 4.2 with the 001k credential (same sandbox, rate limits off)`,
			`${fmt(viaNode.ms / 1000, 2)} s${paced ? ' (paced to 600/min, as the doc requires)' : ''}`,
			`HTTP Request node: ${fmt(viaHttpNode.ms / 1000, 2)} s (all items at once, unpaced${paced ? '; real 001k answers 429 past 600/min' : ''})`,
			`${fmt(viaNode.ms / viaHttpNode.ms, 2)}×`,
			paced ? 'same answers; the difference is the pacing' : 'low per-item overhead',
			'see ratio',
		]);
	}
	await sandbox.stop();
}

function packageBenchmark() {
	const root = resolve(__dirname, '..');
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	const pkg = require('../package.json');
	const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((f: string) => resolve(root, f));
	const time = (script: string) => {
		const samples: number[] = [];
		for (let i = 0; i < 5; i++) {
			const out = execFileSync(
				process.execPath,
				[
					'-e',
					`const t=process.hrtime.bigint();${script};console.log(Number(process.hrtime.bigint()-t)/1e6)`,
				],
				{ cwd: root, encoding: 'utf8' },
			);
			samples.push(Number(out.trim()));
		}
		return median(samples);
	};
	const baseline = time("require('n8n-workflow')");
	const ours = time(
		`require('n8n-workflow');${files.map((f) => `{const m=require(${JSON.stringify(f)});for(const k of Object.keys(m)) if(/^[A-Z]/.test(k)&&typeof m[k]==='function') new m[k]()}`).join(';')}`,
	);
	rows.push([
		'Package',
		`${fmt(pack.size / 1024, 1)} KB packed, ${pack.entryCount} files, ${Object.keys(pkg.dependencies ?? {}).length} runtime dependencies`,
		`loading n8n-workflow alone: ${fmt(baseline, 0)} ms`,
		`all ${files.length} classes loaded and constructed in ${fmt(ours - baseline, 0)} ms more (${fmt(ours / baseline, 2)}×)`,
		'zero runtime dependencies',
		Object.keys(pkg.dependencies ?? {}).length === 0 ? 'met' : 'not met',
	]);
}

describe('benchmarks', () => {
	it('measures and writes docs/benchmarks.md', async () => {
		// BENCH_ONLY=returnAll,get,trigger,burst,httpNode,package,rateLimits,events runs a subset (the file is then not rewritten).
		const only = process.env.BENCH_ONLY?.split(',');
		const want = (part: string) => !only || only.includes(part);
		if (want('returnAll')) await returnAllBenchmark();
		if (want('get')) await getItemsBenchmark();
		if (want('trigger')) await triggerBenchmark();
		if (want('burst')) await triggerBurstBenchmarks(rows, rawGet);
		if (want('httpNode')) await httpRequestNodeBenchmark();
		if (want('package')) packageBenchmark();
		if (want('rateLimits')) await rateLimitBenchmark();
		if (want('events')) await eventDrivenBenchmark();

		const cpu = cpus()[0]?.model ?? 'unknown CPU';
		const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
		const header = [
			'Measure',
			'Ours (real n8n-core)',
			'Baseline, same run',
			'Ratio',
			'Goal',
			'Status',
		];
		const table = [header, header.map(() => '---'), ...rows]
			.map((r) => `| ${r.join(' | ')} |`)
			.join('\n');
		const text = `# Benchmarks\n\nMachine: ${machine}. Medians of ${RUNS} runs where a row compares runs; \`npm run bench\` regenerates this file.\nThe baseline is a minimal signed-HTTP loop (Node's fetch + crypto) making the same requests, or as named.\n\n${table}\n\nNotes:\n- Memory: the node's peak heap per object includes n8n's item wrapper ({ json, pairedItem }) and the execution's run data, which n8n keeps for every node; it grows linearly with the output and holds nothing else per page.\n- Each run uses a fresh API key, because the node paces each key to 001k's per-minute limits and back-to-back runs would otherwise pace each other.\n- Event-driven rows (issue 16): each create runs in its own execution (all started at once, as a burst of callbacks or webhooks would), with a fresh API key per row and the sandbox enforcing the documented limits. Creates check against one copy of the reference list per key pair and 60 s lifetime (\`helpers/referenceStore.ts\`), so the lookup's own limit no longer paces them. "Busiest minute" is the most successful creates in any 60 s window; with N under the create limit the goal is the whole burst inside the first minute. The baseline is the same N creates as items of one execution.
- The rate-limit row: 001k counts requests in any 60-second window, so after the first 600 (a burst the window allows) each request can go 60 s after the one 600 places before it; the share is 60 s over the measured gap (median).\n`;
		if (!only) writeFileSync(resolve(__dirname, '..', 'docs', 'benchmarks.md'), text);
		process.stdout.write(`\n${text}\n`);
	});
});
