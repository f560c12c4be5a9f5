'use strict';
// The 001k Trigger in real n8n (scripts/e2e.js): the sandbox delivers deposit callbacks to the
// published workflow's production webhook URL (queue mode: through the proxy to the webhook
// processes); a forged callback starts nothing, a final callback delivered twice runs once.
const assert = require('node:assert/strict');

const queue = require('./queue');
const rest = require('./rest');
const { waitUntil } = require('./wait');

async function depositCallbacks(ctx) {
	const { sb, n8n, cookie, depositWf } = ctx;
	await ctx.check(
		'deposit callbacks → production webhook → one execution per deposit',
		async () => {
			const trigger = depositWf.wf.nodes.find(
				(n) => n.type === 'n8n-nodes-001k.zeroZeroOneKTrigger',
			);
			const callbackUrl = `${(ctx.queue ? ctx.proxy : n8n).url}/webhook/${trigger.webhookId}/deposit`;
			// A forged callback (unknown code) is refused and starts nothing.
			const forged = await fetch(callbackUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					code: 'D-FORGED-1',
					status: 'success',
					amount: '100',
					currency: 'BTC',
				}),
			});
			assert.equal(forged.status, 404, `forged callback answered ${forged.status}`);
			const deposits = [
				sb.admin.createDeposit({ currency: 'BTC', amount: '0.25', callback_url: callbackUrl }),
				sb.admin.createDeposit({
					currency: 'USDT',
					method: 'USDTTRC20',
					amount: '1500',
					callback_url: callbackUrl,
				}),
			];
			const codes = deposits.map((d) => d.code);
			await waitUntil(
				'both deposits at success, their final callbacks delivered',
				() => sb.admin.callbacks(),
				(calls) =>
					codes.every((code) =>
						calls.some(
							(c) => c.code === code && c.status === 'success' && c.result === 'delivered',
						),
					),
				{
					timeoutMs: 90000,
					everyMs: 500,
					show: (calls) =>
						`deliveries: ${calls.map((c) => `${c.code} ${c.status} ${c.result} ${c.responses}`).join('; ')}`,
				},
			);
			// Deliver the final callback of the first deposit a second time: n8n must not run twice.
			const again = await fetch(callbackUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(sb.admin.getOp('deposit', codes[0])),
			});
			assert.equal(again.status, 200);
			const executions = await rest.waitForExecutions(n8n.url, cookie, depositWf.id, codes.length);
			assert.equal(
				executions.length,
				codes.length,
				`${executions.length} executions for ${codes.length} deposits`,
			);
			for (const e of executions)
				assert.equal(e.status, 'success', `execution ${e.id} ${e.status}`);
			const seen = [];
			for (const e of executions) {
				// The code our trigger emitted (not a text search: the record's workflow data carries the
				// trigger's static data, i.e. codes seen before).
				const code = await rest.triggerCode(n8n.url, cookie, e.id, trigger.name);
				assert.ok(codes.includes(code), `execution ${e.id} emitted ${code}, none of ${codes}`);
				seen.push(code);
			}
			assert.deepEqual(seen.sort(), [...codes].sort(), 'one execution per deposit');
			if (ctx.queue) for (const e of executions) await queue.ranOnWorker(ctx.workerLogs, e.id);
		},
	);
}

module.exports = { depositCallbacks };
