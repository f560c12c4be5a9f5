'use strict';
// The action examples of examples/ in real n8n (scripts/e2e.js): each run with `n8n execute` (queue
// mode: its webhook variant, on a worker), its output and the sandbox's books checked; and n8n's
// own HTTP Request node with the 001k credential. Also how a check runs a workflow and reads it.
const assert = require('node:assert/strict');

const stack = require('./stack');
const httpNode = require('./http-node');
const queue = require('./queue');
const rest = require('./rest');

/** The JSON `n8n execute --rawOutput` prints (after any log lines). */
function parseRun(stdout) {
	const start = stdout.search(/^\{/m);
	const end = stdout.lastIndexOf('}');
	if (start < 0 || end < start)
		throw new Error(`no JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	return JSON.parse(stdout.slice(start, end + 1));
}

/** Items a node output (first run, first output). */
function itemsOf(run, nodeName, output = 0) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return (runs[0].data?.main?.[output] ?? []).map((i) => i.json);
}

async function execute(env, id) {
	const { stdout } = await stack.n8nCli(env, ['execute', `--id=${id}`, '--rawOutput']);
	const run = parseRun(stdout);
	assert.equal(run.status, 'success', `execution status ${run.status}`);
	return run;
}

/** Runs an action example: `n8n execute`, or in queue mode its webhook variant on the worker. */
async function runAction(ctx, name) {
	if (!ctx.queue) return execute(ctx.env, ctx.wfId(name));
	const { n8n, cookie } = ctx;
	const v = ctx.variants[name];
	const res = await fetch(`${ctx.proxy.url}/webhook/${v.path}`, { method: 'POST' });
	assert.equal(res.status, 200, `webhook ${v.path} answered ${res.status}`);
	const [e] = await rest.waitForExecutions(n8n.url, cookie, v.id, 1, { settleMs: 0 });
	assert.ok(e, `no execution of ${v.id}`);
	const full = await rest.execution(n8n.url, cookie, e.id);
	const { data } = full;
	assert.equal(
		full.status,
		'success',
		`execution ${e.id} ${full.status}: ${JSON.stringify(data.resultData?.error ?? {}).slice(0, 500)}`,
	);
	await queue.ranOnWorker(ctx.workerLogs, e.id);
	return { status: full.status, data };
}

/** The four action examples, each run and checked: balance report, sweep, DCA, reconciliation. */
async function runActionExamples(ctx) {
	const { check, sb } = ctx;
	// History for the reconciliation export: more than one page (the API pages at 200).
	sb.admin.seed({ type: 'withdrawal', count: 230, currency: 'USDT', custom_id_prefix: 'hist-' });

	await check('execute: balance report', async () => {
		const run = await runAction(ctx, 'balance-report');
		const [report] = itemsOf(run, 'One report');
		const btc = report.balances.find((b) => b.currency === 'BTC');
		assert.ok(btc, 'no BTC line');
		assert.match(btc.line, /^BTC: 5 available/);
		// Display only: the report line drops trailing zeros (ETH has 18 decimals), the amounts stay exact.
		assert.match(btc.available, /^5(\.0+)?$/);
		for (const b of report.balances) {
			assert.match(
				b.line,
				/^[A-Z0-9]+: \d+(\.\d*[1-9])? available, \d+(\.\d*[1-9])? frozen$/,
				`line "${b.line}"`,
			);
		}
	});

	await check('execute: sweep to the cold wallet after an AML check', async () => {
		const run = await runAction(ctx, 'sweep-to-cold-wallet');
		const [aml] = itemsOf(run, 'AML check of the cold wallet');
		assert.equal(aml.status, 'success');
		const [w] = itemsOf(run, 'Withdraw the surplus');
		assert.ok(w && w.code, 'no withdrawal created');
		const state = await (await fetch(`${sb.url}/__admin/state`)).json();
		const ops = JSON.stringify(state);
		assert.ok(ops.includes(w.code), 'the withdrawal is not in the sandbox state');
		const op = sb.admin.getOp('withdrawal', w.code);
		assert.equal(op.currency, 'BTC');
		assert.equal(Number(op.amount), 4, `swept ${op.amount}, expected 4 (5 - 1 kept)`);
		assert.equal(op.address, 'bc1qcoldwallet0000000000000000000000treasury');
	});

	await check('execute: DCA limit order', async () => {
		const run = await runAction(ctx, 'dca-limit-orders');
		const [order] = itemsOf(run, 'Buy with a limit order');
		const op = sb.admin.getOp('limit_order', order.code);
		assert.equal(op.pair, 'BTCUSDT');
		assert.equal(op.side, 'buy');
	});

	await check('execute: nightly reconciliation export (Return All)', async () => {
		const run = await runAction(ctx, 'nightly-withdrawals-reconciliation');
		const rows = itemsOf(run, 'Ledger columns');
		const state = await (await fetch(`${sb.url}/__admin/state`)).json();
		const expected = countWithdrawals(state);
		assert.ok(expected > 200, `only ${expected} withdrawals in the sandbox`);
		assert.equal(rows.length, expected, `exported ${rows.length} of ${expected} withdrawals`);
		assert.equal(new Set(rows.map((r) => r.code)).size, expected, 'duplicate rows');
		const csv = run.data.resultData.runData['CSV export'][0].data.main[0];
		assert.equal(csv.length, 1, 'one CSV file');
		assert.match(csv[0].binary.data.fileName, /^001k-withdrawals-\d{4}-\d\d-\d\d\.csv$/);
	});
}

function countWithdrawals(state) {
	// /__admin/state lists operations by type; count the withdrawals of the demo user.
	const ops = state.operations ?? state.ops ?? {};
	const list = Array.isArray(ops)
		? ops.filter((o) => o.type === 'withdrawal')
		: (ops.withdrawal ?? ops.withdrawals ?? []);
	return list.filter((o) => (o.userId ?? o.user ?? 'demo') === 'demo').length;
}

/**
 * n8n's HTTP Request node with the 001k credential: a GET signed; with the spending policy on, a
 * compliant withdrawal sent and an over-limit one refused; to another server, refused and nothing
 * signed reaches it.
 */
async function httpRequestNodeWithTheCredential(ctx) {
	const { check, env, workDir, sb, cleanups } = ctx;
	await check(
		"execute: n8n's HTTP Request node with the 001k credential (GET; policy on: compliant withdrawal sent, over-limit refused; another server: refused, nothing signed reaches it)",
		async () => {
			const foreign = await httpNode.startForeignServer();
			cleanups.push(() => foreign.stop());
			await stack.n8nCli(env, [
				'import:credentials',
				`--input=${httpNode.writePolicyCredential(workDir, sb.url)}`,
			]);
			const plain = { id: stack.CREDENTIAL_ID, name: '001k sandbox' };
			await stack.n8nCli(env, [
				'import:workflow',
				`--input=${httpNode.writeWorkflow(workDir, sb.url, plain, foreign.url)}`,
			]);
			await fetch(`${sb.url}/__admin/requests`, { method: 'DELETE' });
			const run = await execute(env, httpNode.WORKFLOW_ID);
			const balances = itemsOf(run, 'Balance via HTTP Request');
			assert.ok(
				balances.some((b) => b.currency === 'BTC'),
				`no BTC balance: ${JSON.stringify(balances).slice(0, 300)}`,
			);
			const [ok] = itemsOf(run, 'Compliant withdrawal');
			assert.ok(ok && ok.code && ok.amount, `no withdrawal: ${JSON.stringify(ok).slice(0, 300)}`);
			assert.equal(sb.admin.getOp('withdrawal', ok.code).address, httpNode.ALLOWED_ADDRESS);
			const [over] = itemsOf(run, 'Over-limit withdrawal');
			assert.match(
				JSON.stringify(over),
				/Spending Policy refused POST \/api\/v1\/withdraw: 0\.50000001 BTC is above the maximum of 0\.5 BTC/,
			);
			const log = await (await fetch(`${sb.url}/__admin/requests`)).json();
			const withdrawals = log.filter((r) => r.method === 'POST' && r.path === '/api/v1/withdraw');
			assert.deepEqual(
				withdrawals.map((r) => JSON.parse(r.body).custom_id),
				['e2e-http-node-ok'],
				'only the compliant withdrawal reached the sandbox',
			);
			assert.ok(
				log.some((r) => r.method === 'GET' && r.path === '/api/v1/balance' && r.status === 200),
				'the GET /balance did not reach the sandbox',
			);
			const refused = `The 001k credential signs only requests to its Base URL (${sb.url}); this request goes to ${foreign.url}`;
			for (const name of httpNode.FOREIGN_NODES) {
				const items = itemsOf(run, name);
				assert.equal(items.length, 1, `${name}: ${items.length} items`);
				assert.ok(
					JSON.stringify(items[0]).includes(refused),
					`${name} was not refused naming the Base URL: ${JSON.stringify(items[0]).slice(0, 300)}`,
				);
			}
			// n8n execute awaited every answer, and the server records a request as it arrives.
			assert.deepEqual(
				httpNode.signedRequests(foreign.requests),
				[],
				'the foreign server received the signing headers',
			);
			assert.deepEqual(
				foreign.requests.map((r) => `${r.method} ${r.url}`),
				[],
				'a request reached the foreign server',
			);
		},
	);
}

module.exports = {
	parseRun,
	itemsOf,
	execute,
	runAction,
	runActionExamples,
	httpRequestNodeWithTheCredential,
};
