'use strict';
// Queue mode, deposit callbacks into the webhook processes (scripts/lib/e2e-distributed.js): one
// final callback delivered to both processes, and 100 callbacks through the round-robin proxy.
const assert = require('node:assert/strict');

const { log } = require('./stack');
const rest = require('./rest');
const { sleep, waitUntil } = require('./wait');
const { USER, TRIGGER_WEBHOOK_ID, carolOps } = require('./e2e-distributed-setup');

const untilSuccess = (sb, codes) =>
	waitUntil(
		'deposits at success',
		() => codes.map((c) => `${c} ${sb.admin.getOp('deposit', c).status}`),
		(seen) => seen.every((s) => s.endsWith(' success')),
		{ timeoutMs: 90000, everyMs: 300, show: (seen) => seen.join(', ') },
	);

/** One final callback to both webhook processes; executions and withdrawals per deposit. */
async function duplicateCallbacks({ sb, n8n, cookie, webhooks, wfs, table, pg }) {
	const ROUNDS = 8;
	const url = (base) => `${base}/webhook/${TRIGGER_WEBHOOK_ID}/deposit`;
	const rounds = [];
	for (let i = 0; i < ROUNDS; i++) {
		const amount = `0.0${i + 1}000000`; // distinct (8 decimals, as 001k shows BTC), so each sweep names its deposit
		rounds.push({
			amount,
			code: sb.admin.createDeposit({ user: USER, currency: 'BTC', amount }).code,
			mode: i % 2 ? '3 s apart' : 'at once',
		});
	}
	await untilSuccess(
		sb,
		rounds.map((r) => r.code),
	);
	const deliver = (base, code) =>
		fetch(url(base), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(sb.admin.getOp('deposit', code)),
		}).then((r) => r.status);
	const [a, b] = webhooks.map((w) => w.url);
	for (const r of rounds) {
		if (r.mode === 'at once')
			r.statuses = await Promise.all([deliver(a, r.code), deliver(b, r.code)]);
		else {
			const first = await deliver(a, r.code);
			await sleep(3000);
			r.statuses = [first, await deliver(b, r.code)];
		}
	}
	const runs = await rest.waitForExecutions(n8n.url, cookie, wfs.sweep.id, ROUNDS, {
		settleMs: 8000,
	});
	const per = Object.fromEntries(
		rounds.map((r) => [r.code, { executions: 0, replayed: 0, failed: 0 }]),
	);
	for (const e of runs) {
		const { data, status } = await rest.execution(n8n.url, cookie, e.id);
		const code = rest.outputOf(data, 'Deposit callback')[0]?.code;
		if (!per[code]) continue;
		per[code].executions++;
		if (status !== 'success') per[code].failed++;
		if (rest.outputOf(data, 'Sweep')[0]?.replayed === true) per[code].replayed++;
	}
	// What the trigger's de-duplication left in workflow static data (Postgres), for the table.
	const [[stored] = []] = pg.query(
		`select "staticData" from workflow_entity where id = '${wfs.sweep.id}'`,
	);
	const finals = Object.keys(JSON.parse(stored || '{}')['node:Deposit callback']?.finals ?? {});
	log(`  static data of the sweep workflow: ${finals.length} final keys (${finals.join(', ')})`);
	const withdrawals = carolOps(sb, 'withdrawal');
	for (const mode of ['at once', '3 s apart']) {
		const mine = rounds.filter((r) => r.mode === mode);
		for (const r of mine) {
			r.withdrawals = withdrawals.filter((w) => w.amount === r.amount).length;
			Object.assign(r, per[r.code]);
			log(
				`  ${r.code} (${mode}): HTTP ${r.statuses.join('/')}, ${r.executions} execution(s), ${r.withdrawals} withdrawal(s), ${r.replayed} answered replayed`,
			);
		}
		const ex = mine.map((r) => r.executions);
		table.push([
			`one callback → both webhook processes, ${mode}`,
			`${mine.length} deposits × 2 deliveries: executions ${ex.join('/')} (${ex.filter((x) => x > 1).length} ran twice); withdrawals ${mine.map((r) => r.withdrawals).join('/')}; replayed answers ${mine.reduce((s, r) => s + r.replayed, 0)}`,
		]);
	}
	for (const r of rounds) {
		assert.ok(r.executions >= 1, `${r.code}: no execution from 2 deliveries`);
		assert.equal(r.failed, 0, `${r.code}: ${r.failed} execution(s) failed`);
		assert.equal(
			r.withdrawals,
			1,
			`${r.code}: ${r.withdrawals} withdrawals for one deposit (${r.executions} executions)`,
		);
		// Apart, the later execution finds the withdrawal by its custom_id and says so. At once, under
		// the doc's reading that a reused custom_id returns the first operation, both POSTs get it
		// as if new: nothing in 001k's answer tells them apart (under the 409 reading one is told).
		if (r.mode === '3 s apart')
			assert.equal(
				r.replayed,
				r.executions - 1,
				`${r.code}: ${r.executions} executions but ${r.replayed} answered replayed`,
			);
		else
			assert.ok(
				r.replayed <= r.executions - 1,
				`${r.code}: ${r.replayed} of ${r.executions} executions answered replayed`,
			);
	}
}

/** 100 deposits whose callbacks 001k (the sandbox) sends to the proxy URL. */
async function hundredCallbacks({ sb, n8n, cookie, proxy, depositWf, table }) {
	const COUNT = 100;
	const trigger = depositWf.wf.nodes.find((x) => x.type === 'n8n-nodes-001k.zeroZeroOneKTrigger');
	const callbackUrl = `${proxy.url}/webhook/${trigger.webhookId}/deposit`;
	const before = new Set((await rest.executionsOf(n8n.url, cookie, depositWf.id)).map((e) => e.id));
	const served = [...proxy.served];
	const codes = [];
	// Two deposits a second (each is called back at every status). At ten a second this 2-core
	// machine's webhook processes ran out of database connections (docs/testing.md, queue mode).
	for (let i = 0; i < COUNT; i++) {
		codes.push(
			sb.admin.createDeposit({
				currency: 'USDT',
				method: 'USDTTRC20',
				amount: `${100 + i}.5`,
				callback_url: callbackUrl,
			}).code,
		);
		if (i % 2 === 1) await sleep(1000);
	}
	const finals = () =>
		sb.admin.callbacks().filter((c) => codes.includes(c.code) && c.status === 'success');
	const delivered = () => finals().filter((c) => c.result === 'delivered');
	// A final callback's last attempt comes 8 tries (15 s each) and 64 s of backoff after its first:
	// wait until every one is delivered or given up by the sender, then name what was given up.
	const settled = await waitUntil(
		`${COUNT} final callbacks delivered or given up by 001k (the sandbox)`,
		() => {
			const byCode = new Map(finals().map((c) => [c.code, c.result]));
			return {
				delivered: codes.filter((c) => byCode.get(c) === 'delivered'),
				failed: codes.filter((c) => byCode.get(c) === 'failed'),
			};
		},
		(v) => v.delivered.length + v.failed.length === COUNT,
		{
			timeoutMs: 420000,
			everyMs: 500,
			show: (v) => `${v.delivered.length} delivered, ${v.failed.length} given up, of ${COUNT}`,
		},
	);
	assert.deepEqual(settled.failed, [], `final callbacks 001k gave up on`);
	const runs = await rest.waitForExecutions(n8n.url, cookie, depositWf.id, COUNT, {
		except: before,
		timeoutMs: 180000,
	});
	const count = Object.fromEntries(codes.map((c) => [c, 0]));
	for (const e of runs) {
		const code = await rest.triggerCode(n8n.url, cookie, e.id, trigger.name);
		if (code in count) count[code]++;
	}
	const lost = codes.filter((c) => count[c] === 0);
	const twice = codes.filter((c) => count[c] > 1);
	const all = sb.admin.callbacks().filter((c) => codes.includes(c.code));
	const split = proxy.served.map((s, i) => s - served[i]);
	const retried = all.filter((c) => c.attempts > 1);
	const refusals = retried.flatMap((c) => c.responses.filter((r) => !(r >= 200 && r < 300)));
	log(
		`  ${all.length} callbacks sent (${delivered().length} final), proxy split ${split.join('/')}, ${runs.length} executions, lost ${lost.length}, twice ${twice.length}`,
	);
	table.push([
		`${COUNT} deposit callbacks through the proxy (round robin)`,
		`${all.length} callbacks (${COUNT} final) split ${split.join('/')} between the webhook processes (${retried.length} needed a retry by 001k: ${[...new Set(refusals)].join(', ') || '-'}): ${runs.length} executions, ${(runs.length / COUNT).toFixed(2)} per final callback, ${lost.length} lost, ${twice.length} ran twice, ${runs.filter((e) => e.status !== 'success').length} failed`,
	]);
	const history = (code) =>
		all
			.filter((c) => c.code === code)
			.map((c) => `${c.status}:${c.responses.join('/')}`)
			.join(' ');
	assert.deepEqual(
		lost,
		[],
		`deposits with no execution: ${lost.map((c) => `${c} (callbacks ${history(c)})`).join(', ')}`,
	);
	assert.deepEqual(twice, [], `deposits that ran twice: ${twice.join(', ')}`);
	for (const e of runs) assert.equal(e.status, 'success', `execution ${e.id} ${e.status}`);
}

module.exports = { duplicateCallbacks, hundredCallbacks };
