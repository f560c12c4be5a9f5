'use strict';
// Queue mode, both workers on one API key with the doc's rate limits on
// (scripts/lib/e2e-distributed.js): swap bursts and Return All lists at once.
const assert = require('node:assert/strict');
const fs = require('node:fs');

const { log } = require('./stack');
const rest = require('./rest');
const { waitUntil } = require('./wait');
const { BURST_ITEMS, carolOps } = require('./e2e-distributed-setup');

/** The busiest 60 s of accepted requests on one route, as a share of its per-minute limit. */
function busiest(requests, route, method) {
	const t = requests
		.filter((r) => r.route === route && r.method === method && r.status !== 429)
		.map((r) => Date.parse(r.time));
	let best = 0;
	for (let i = 0, j = 0; i < t.length; i++) {
		while (t[i] - t[j] >= 60000) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

/** Both workers on carol's key at once: two swap bursts and two Return All lists. */
async function twoWorkers({ sb, n8n, cookie, proxy, wfs, workerLogs, table }) {
	const firstId = sb.admin.requests().reduce((m, r) => Math.max(m, r.id), 0);
	const beforeSwaps = carolOps(sb, 'swap').length;
	const fire = (p, body) =>
		fetch(`${proxy.url}/webhook/${p}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		}).then((r) => r.status);
	// Two different events (batch A, B): their intents differ, so each burst is its own 200 swaps.
	const statuses = await Promise.all([
		fire('k001-dist-burst', { batch: 'A' }),
		fire('k001-dist-burst', { batch: 'B' }),
		fire('k001-dist-list', { run: 1 }),
		fire('k001-dist-list', { run: 2 }),
	]);
	assert.deepEqual(statuses, [200, 200, 200, 200], `webhooks answered ${statuses}`);
	const bursts = await rest.waitForExecutions(n8n.url, cookie, wfs.burst.id, 2, {
		timeoutMs: 600000,
		settleMs: 0,
	});
	const lists = await rest.waitForExecutions(n8n.url, cookie, wfs.list.id, 2, {
		timeoutMs: 300000,
		settleMs: 0,
	});
	// The worker whose log names the execution (-1: neither), read until the line is there: the log
	// file is copied from the worker's output as it comes.
	const worker = (id) =>
		waitUntil(
			`execution ${id} in a worker's log`,
			() =>
				workerLogs.findIndex((f) =>
					new RegExp(`Worker (started|finished) execution ${id}\\b`).test(
						fs.readFileSync(f, 'utf8'),
					),
				),
			(i) => i >= 0,
			{ timeoutMs: 30000, everyMs: 500, orLastSeen: true },
		);
	let failedItems = 0;
	let created = 0;
	const ran = [];
	for (const e of [...bursts, ...lists]) {
		const { data, status } = await rest.execution(n8n.url, cookie, e.id);
		assert.equal(
			status,
			'success',
			`execution ${e.id} ${status}: ${JSON.stringify(data.resultData?.error ?? {}).slice(0, 400)}`,
		);
		ran.push(await worker(e.id));
		if (bursts.includes(e)) {
			const out = rest.outputOf(data, 'Swap');
			failedItems += out.filter((x) => !x.code || x.error).length + (BURST_ITEMS - out.length);
			created += out.filter((x) => x.code && !x.replayed).length;
		} else {
			const out = rest.outputOf(data, 'All swaps');
			assert.ok(
				out.length >= 450,
				`Return All listed ${out.length} swaps, fewer than the 450 seeded`,
			);
			assert.equal(
				new Set(out.map((x) => x.code)).size,
				out.length,
				'Return All listed a swap twice',
			);
		}
	}
	const reqs = sb.admin
		.requests()
		.filter((r) => r.id > firstId && r.headers['x-access-key'] === 'carol-access-key');
	const n429 = reqs.filter((r) => r.status === 429);
	const swaps = carolOps(sb, 'swap').length - beforeSwaps;
	const share = (route, method, limit) =>
		`${method} ${route.replace('/api/v1', '')} ${busiest(reqs, route, method)}/${limit} per busiest minute`;
	const workersUsed = new Set(ran.filter((i) => i >= 0));
	log(
		`  executions ran on workers ${ran.map((i) => i + 1).join(', ')}; ${reqs.length} requests, ${n429.length} × 429; ${swaps} swaps created`,
	);
	table.push([
		'two workers, one API key: 2 × 200 swap creates + 2 × Return All at once (rate limits on)',
		`workers used ${workersUsed.size}/2; ${failedItems} failed items; ${swaps} swaps created for 400 intended; ${n429.length} × 429 seen and absorbed (${[...new Set(n429.map((r) => `${r.method} ${r.route.replace('/api/v1', '')}`))].join(', ') || 'none'}); ${share('/api/v1/swap/open', 'POST', 300)}, ${share('/api/v1/swap', 'GET', 300)}`,
	]);
	assert.equal(
		workersUsed.size,
		2,
		`only worker(s) ${[...workersUsed].map((i) => i + 1)} ran the four executions`,
	);
	assert.equal(failedItems, 0, `${failedItems} failed items`);
	assert.equal(created, 2 * BURST_ITEMS, `${created} swaps reported created`);
	assert.equal(
		swaps,
		2 * BURST_ITEMS,
		`${swaps} swaps in the sandbox for ${2 * BURST_ITEMS} intended`,
	);
}

module.exports = { twoWorkers };
