'use strict';
// Queue mode, the 001k Poll Trigger's state from one poll to the next (scripts/lib/e2e-distributed.js).
const assert = require('node:assert/strict');

const { log } = require('./stack');
const rest = require('./rest');
const { waitUntil } = require('./wait');

/**
 * The 001k Poll Trigger every minute on deposits, its state in workflow static data (Postgres).
 * Poll k is seen in the sandbox request log (GET /api/v1/deposit: nothing else lists deposits). A
 * deposit created after poll k must be emitted by poll k+1 (which it is only if poll k+1 found the
 * state poll k left: a first poll only records), and no (code, status) may be emitted twice.
 */
async function pollState({ sb, n8n, cookie, workflowId, ranOnWorker, table }) {
	const polls = () =>
		sb.admin
			.requests()
			.filter((r) => r.method === 'GET' && r.route === '/api/v1/deposit' && r.status === 200)
			.map((r) => r.time);
	const waitPoll = async (after) => {
		const p = await waitUntil(
			`a poll after ${after || 'the start'}`,
			() => polls().filter((t) => t > after),
			(later) => later.length > 0,
			{ timeoutMs: 150000, everyMs: 1000, show: () => 'none' },
		);
		return p[p.length - 1];
	};
	const first = polls().length ? polls()[polls().length - 1] : await waitPoll('');
	const d1 = sb.admin.createDeposit({ currency: 'BTC', amount: '0.1' }).code;
	const second = await waitPoll(first);
	log(`  poll at ${second} (deposit ${d1} created after the poll at ${first})`);
	const d2 = sb.admin.createDeposit({ currency: 'BTC', amount: '0.2' }).code;
	const third = await waitPoll(second);
	log(`  poll at ${third} (deposit ${d2} created in between)`);
	// Read until the polls' executions have finished and emitted both deposits (or the time is up),
	// leaving out any started after a fourth poll: d2 must come from the poll right after it.
	const emittedBy = async () => {
		const next = polls().find((t) => t > third);
		const list = (await rest.executionsOf(n8n.url, cookie, workflowId)).filter(
			(e) => !next || !e.startedAt || Date.parse(e.startedAt) < Date.parse(next),
		);
		const emitted = [];
		const runs = [];
		for (const e of list) {
			const { data, status } = await rest.execution(n8n.url, cookie, e.id);
			for (const i of rest.outputOf(data, '001k poll')) emitted.push(`${i.code}:${i.status}`);
			runs.push({ id: e.id, status });
		}
		return { list, runs, emitted };
	};
	const { list, runs, emitted } = await waitUntil(
		'poll executions finished, both deposits emitted',
		emittedBy,
		(v) =>
			v.runs.every((r) => r.status !== 'running' && r.status !== 'new') &&
			[d1, d2].every((d) => v.emitted.some((x) => x.startsWith(`${d}:`))),
		{ timeoutMs: 120000, everyMs: 1000, orLastSeen: true },
	);
	for (const { id, status } of runs) {
		assert.equal(status, 'success', `poll execution ${id} ${status}`);
		await ranOnWorker(id);
	}
	const twice = emitted.length - new Set(emitted).size;
	log(
		`  ${polls().length} polls, ${list.length} executions, ${emitted.length} (code, status) emitted, ${twice} twice`,
	);
	table.push([
		'001k Poll Trigger every minute, its state in Postgres',
		`${polls().length} polls, ${list.length} executions, ${emitted.length} (code, status) emitted, ${twice} emitted twice; deposits created between polls emitted by the next poll: ${[d1, d2].filter((d) => emitted.some((x) => x.startsWith(`${d}:`))).length}/2`,
	]);
	assert.ok(
		emitted.some((x) => x.startsWith(`${d1}:`)),
		`deposit ${d1} (created between two polls) was not emitted`,
	);
	assert.ok(
		emitted.some((x) => x.startsWith(`${d2}:`)),
		`deposit ${d2} was not emitted`,
	);
	assert.equal(twice, 0, `a (code, status) was emitted twice: ${emitted.join(', ')}`);
}

module.exports = { pollState };
