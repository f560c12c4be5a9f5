'use strict';
// The AI parts of `npm run test:e2e`: the "AI treasury assistant" example in real n8n, and its 001k
// tools called the way an agent calls them, through n8n's MCP Server Trigger with a real MCP
// client (no LLM is available here). Also the credential Test with a wrong secret.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const { connect } = require('./mcp');
const { CREDENTIAL_ID, POLICY_CREDENTIAL } = require('./stack');

const TOOL_TYPE = 'n8n-nodes-001k.zeroZeroOneKTool';
const MCP_PATH = 'treasury-e2e';
const COLD_WALLET = POLICY_CREDENTIAL.policy.allowedAddresses;

/** n8n's tool name for a node (as its MCP server lists it): the name with other characters as _. */
const toolName = (nodeName) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** A workflow serving the example's 001k tool nodes, unchanged, from an MCP Server Trigger. */
function mcpWorkflow(aiWf) {
	const tools = aiWf.nodes.filter((n) => n.type === TOOL_TYPE);
	const trigger = {
		id: crypto.randomUUID(),
		name: 'MCP Server',
		type: '@n8n/n8n-nodes-langchain.mcpTrigger',
		typeVersion: 2,
		position: [600, 0],
		webhookId: crypto.randomUUID(),
		parameters: { path: MCP_PATH, authentication: 'none' },
	};
	return {
		id: 'k001McpTreasury1',
		name: '001k: treasury tools over MCP (e2e)',
		nodes: [
			trigger,
			...tools.map((n, i) => ({ ...n, id: crypto.randomUUID(), position: [i * 160, 240] })),
		],
		connections: Object.fromEntries(
			tools.map((n) => [
				n.name,
				{ ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] },
			]),
		),
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** Every node type of the example is loaded in this n8n, and the withdrawal sits behind review. */
async function checkImported(url, cookie, wf, restGet) {
	const stored = await restGet(url, cookie, `/rest/workflows/${wf.id}`);
	assert.equal(stored.nodes.length, wf.nodes.length, 'the stored workflow lost nodes');
	const res = await fetch(`${url}/types/nodes.json`, { headers: { cookie } });
	assert.equal(res.status, 200, `/types/nodes.json answered ${res.status}`);
	const known = new Set((await res.json()).map((t) => t.name));
	const unknown = [...new Set(wf.nodes.map((n) => n.type.replace(/^CUSTOM\./, '')))].filter(
		(t) => !known.has(t),
	);
	assert.deepEqual(unknown, [], `node types n8n does not know: ${unknown.join(', ')}`);
	const byName = Object.fromEntries(wf.nodes.map((n) => [n.name, n]));
	const target = (from, type) => stored.connections[from]?.[type]?.[0]?.map((c) => c.node) ?? [];
	const agent = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.agent').name;
	for (const n of wf.nodes.filter((x) => x.type === TOOL_TYPE)) {
		const [next] = target(n.name, 'ai_tool');
		if (n.parameters.operation === 'create' && n.parameters.dryRun === false) {
			assert.match(
				byName[next]?.type ?? '',
				/HitlTool$/,
				`${n.name} does not go through a human review step`,
			);
			assert.deepEqual(
				target(next, 'ai_tool'),
				[agent],
				'the review step does not lead to the agent',
			);
		} else {
			assert.deepEqual([next], [agent], `${n.name} is not an agent tool`);
		}
		assert.equal(
			n.credentials.zeroZeroOneKApi.id,
			POLICY_CREDENTIAL.id,
			`${n.name} does not use the policy credential`,
		);
	}
}

/** POST /rest/credentials/test with a wrong secret: the message names signature.invalid and the fix. */
async function checkCredentialTest(url, cookie, sandboxUrl) {
	const test = async (secretKey) => {
		const res = await fetch(`${url}/rest/credentials/test`, {
			method: 'POST',
			headers: { cookie, 'Content-Type': 'application/json', 'browser-id': 'e2e' },
			body: JSON.stringify({
				credentials: {
					// n8n tests a stored credential with the form's values (as the dialog does); nothing is saved.
					id: CREDENTIAL_ID,
					name: '001k sandbox',
					type: 'zeroZeroOneKApi',
					data: { accessKey: 'demo-access-key', secretKey, baseUrl: sandboxUrl },
				},
			}),
		});
		assert.equal(
			res.status,
			200,
			`/rest/credentials/test answered ${res.status}: ${await res.clone().text()}`,
		);
		return (await res.json()).data;
	};
	const wrong = await test('not-the-demo-secret');
	assert.equal(wrong.status, 'Error', JSON.stringify(wrong));
	assert.doesNotMatch(wrong.message, /not-the-demo-secret/);
	// The test reads 001k's error code from the body (ignoreHttpStatusErrors), on 1.x as on 2.x.
	assert.equal(
		wrong.message,
		'001k rejected the request signature [signature.invalid]: check that the Secret Key in the 001k credential is the one issued with this Access Key (copy it again, without spaces).',
	);
	const right = await test('demo-secret-key');
	assert.equal(right.status, 'OK', JSON.stringify(right));
}

/** The example's tools over MCP, as an agent outside n8n would call them. */
async function checkMcp({ url, wf, sb, log }) {
	const toolNodes = wf.nodes.filter((n) => n.type === TOOL_TYPE);
	const names = Object.fromEntries(
		toolNodes.map((n) => [
			n.parameters.operation === 'create'
				? n.parameters.dryRun
					? 'preview'
					: 'withdraw'
				: n.parameters.operation,
			toolName(n.name),
		]),
	);
	const mcp = await connect(`${url}/mcp/${MCP_PATH}`);
	try {
		const { tools } = await mcp.listTools();
		log(`  MCP tools: ${tools.map((t) => t.name).join(', ')}`);
		assert.deepEqual(
			tools.map((t) => t.name).sort(),
			toolNodes.map((n) => toolName(n.name)).sort(),
		);
		for (const n of toolNodes) {
			const t = tools.find((x) => x.name === toolName(n.name));
			assert.equal(t.description, n.parameters.toolDescription, `${t.name}: description`);
		}
		const withdrawTool = tools.find((t) => t.name === names.withdraw);
		for (const field of ['currency', 'amount', 'address', 'payout_id']) {
			assert.ok(
				withdrawTool.inputSchema.properties?.[field],
				`${names.withdraw} takes no ${field}: ${JSON.stringify(withdrawTool.inputSchema)}`,
			);
		}

		const balances = await mcp.callTool(names.getBalances, {});
		assert.equal(balances.isError, false, balances.text);
		assert.match(balances.text, /"currency":\s*"BTC"/);

		const withdrawals = async () =>
			(await (await fetch(`${sb.url}/__admin/state`)).text()).split(COLD_WALLET).length - 1;
		const before = await withdrawals();
		const args = { currency: 'BTC', amount: '0.005', address: COLD_WALLET };

		const preview = await mcp.callTool(names.preview, args);
		assert.equal(preview.isError, false, preview.text);
		assert.match(preview.text, /"dryRun":\s*true/);
		assert.match(preview.text, /"total"/);
		assert.equal(await withdrawals(), before, 'the dry run created something');

		const real = await mcp.callTool(names.withdraw, { ...args, payout_id: 'e2e-payout-1' });
		assert.equal(real.isError, false, real.text);
		const code = /"code":\s*"([^"]+)"/.exec(real.text)?.[1];
		assert.ok(code, `no withdrawal code in ${real.text.slice(0, 300)}`);
		const op = sb.admin.getOp('withdrawal', code);
		assert.equal(op.amount.replace(/0+$/, ''), '0.005');
		assert.equal(op.address, COLD_WALLET);

		// Exactly once by intent: a second, different withdrawal is a new operation, never the first one again.
		const second = await mcp.callTool(names.withdraw, {
			...args,
			amount: '0.006',
			payout_id: 'e2e-payout-2',
		});
		assert.equal(second.isError, false, second.text);
		const secondCode = /"code":\s*"([^"]+)"/.exec(second.text)?.[1];
		assert.ok(
			secondCode && secondCode !== code,
			`the second withdrawal was answered with ${secondCode} (first ${code})`,
		);
		assert.equal(sb.admin.getOp('withdrawal', secondCode).amount.replace(/0+$/, ''), '0.006');
		const toColdWallet = sb.admin
			.state()
			.operations.withdrawal.filter(
				(w) => w.address === COLD_WALLET && [code, secondCode].includes(w.code),
			);
		assert.equal(toColdWallet.length, 2, 'two different tool calls did not make two withdrawals');

		const toCold = () =>
			sb.admin.state().operations.withdrawal.filter((w) => w.address === COLD_WALLET).length;
		const paid = toCold();
		// One intent per payout id (docs/exactly-once.md): the same call repeated in the session pays
		// nothing new and says so in words; the same request in a new session, with its own id, pays.
		const repeated = await mcp.callTool(names.withdraw, { ...args, payout_id: 'e2e-payout-1' });
		assert.equal(repeated.isError, false, repeated.text);
		assert.match(
			repeated.text,
			new RegExp(
				`Not made again: this request matches withdrawal ${code}\\b[^"]*nothing new was created`,
			),
		);
		assert.equal(toCold(), paid, 'a repeated tool call paid again');
		const session2 = await connect(`${url}/mcp/${MCP_PATH}`);
		try {
			const again = await session2.callTool(names.withdraw, { ...args, payout_id: 'e2e-payout-3' });
			assert.equal(again.isError, false, again.text);
			const againCode = /"code":\s*"([^"]+)"/.exec(again.text)?.[1];
			assert.ok(
				againCode && againCode !== code,
				`a new session's payout was answered with ${againCode}`,
			);
			assert.doesNotMatch(again.text, /"replayed"/);
		} finally {
			await session2.close();
		}
		assert.equal(toCold(), paid + 1, 'the new session did not pay its own request');

		const afterReal = await withdrawals();
		// Only the refused calls' requests: a published schedule workflow withdraws every few seconds meanwhile.
		const withdrawRequests = () =>
			sb.admin
				.requests()
				.filter(
					(r) =>
						r.path === '/api/v1/withdraw' &&
						/e2e-payout-[45]/.test(JSON.stringify([r.body, r.query])),
				).length;
		const requestsBefore = withdrawRequests();
		const overLimit = await mcp.callTool(names.withdraw, {
			...args,
			amount: '0.5',
			payout_id: 'e2e-payout-4',
		});
		log(
			`  over the limit → ${overLimit.isError ? 'tool error' : 'result'}: ${overLimit.text.slice(0, 200)}`,
		);
		assert.equal(overLimit.isError, true, `not refused: ${overLimit.text.slice(0, 300)}`);
		assert.match(overLimit.text, /polic/i);
		assert.match(overLimit.text, /0\.01/);
		const elsewhere = await mcp.callTool(names.withdraw, {
			...args,
			address: 'bc1qnotonthelist00000000000000000000000000',
			payout_id: 'e2e-payout-5',
		});
		assert.equal(elsewhere.isError, true, `not refused: ${elsewhere.text.slice(0, 300)}`);
		assert.match(elsewhere.text, /address/i);
		assert.equal(await withdrawals(), afterReal, 'a refused withdrawal reached the sandbox');
		// A refusal is not a lost answer: nothing sent, nothing looked up by custom_id.
		assert.equal(withdrawRequests(), requestsBefore, 'a refused tool call was sent or looked up');
		// n8n logs each failed tool call; these two are provoked here, so the log check expects them.
		return [overLimit.text, elsewhere.text].map((t) =>
			t.replace(/^(There was an error: |\w+Error: )/, '').replace(/^"|"$/g, ''),
		);
	} finally {
		await mcp.close();
	}
}

module.exports = { mcpWorkflow, checkImported, checkCredentialTest, checkMcp, toolName };
