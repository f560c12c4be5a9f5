'use strict';
// The end-to-end check of the 001k credential inside n8n's own HTTP Request node (v4.2,
// "Predefined Credential Type" → 001k API): a GET with the plain credential, and with a
// credential whose spending policy is on, a compliant withdrawal and an over-limit one; then a
// GET and a POST to a foreign server with each credential, which must be refused before signing.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

// Its own id: stack.js's POLICY_CREDENTIAL (the AI example's) is k001PolicyCred01.
const POLICY_CREDENTIAL = { id: 'k001HttpPolicy01', name: '001k sandbox (HTTP node policy)' };
const WORKFLOW_ID = 'k001HttpRequest1';
const ALLOWED_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const MAX_BTC = '0.5';

/** The policy credential: BTC at most 0.5 per request, to one address only. */
function writePolicyCredential(dir, baseUrl) {
	const file = path.join(dir, 'policy-credential.json');
	const data = {
		accessKey: 'demo-access-key',
		secretKey: 'demo-secret-key',
		baseUrl,
		spendingPolicy: true,
		maxAmounts: `BTC=${MAX_BTC}`,
		allowedAddresses: ALLOWED_ADDRESS,
	};
	fs.writeFileSync(
		file,
		JSON.stringify([{ ...POLICY_CREDENTIAL, type: 'zeroZeroOneKApi', data }], null, 2),
	);
	return file;
}

function httpNode(id, name, position, credential, parameters) {
	return {
		id,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		// Continue on fail: the refused withdrawal becomes an error item the check reads.
		onError: 'continueRegularOutput',
		parameters: {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'zeroZeroOneKApi',
			options: {},
			...parameters,
		},
		credentials: { zeroZeroOneKApi: credential },
	};
}

function withdrawal(amount, customId) {
	return {
		method: 'POST',
		sendBody: true,
		specifyBody: 'json',
		jsonBody: JSON.stringify({
			currency: 'BTC',
			amount,
			address: ALLOWED_ADDRESS,
			custom_id: customId,
		}),
	};
}

/** The nodes that point the credential at the foreign server: each must output one error item. */
const FOREIGN_NODES = [
	'Foreign GET (plain credential)',
	'Foreign POST (plain credential)',
	'Foreign GET (policy credential)',
	'Foreign POST (policy credential)',
];

/** A server that is not 001k (a typo, a request bin): records every request's method, path and headers. */
async function startForeignServer() {
	const requests = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method, url: req.url, headers: req.headers });
		req.resume();
		req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** The foreign server's requests that carry any of the credential's signing headers. */
function signedRequests(requests) {
	return requests.filter((r) =>
		['x-access-key', 'x-timestamp', 'x-signature'].some((h) => h in r.headers),
	);
}

/** GET and POST to `foreignUrl` with both credentials: the POST would pass the policy if sent to 001k. */
function foreignNodes(foreignUrl, plainCredential) {
	return [plainCredential, POLICY_CREDENTIAL].flatMap((credential, c) => [
		httpNode(
			`a0000000-0000-4000-8000-00000000001${2 * c}`,
			FOREIGN_NODES[2 * c],
			[260, 600 + 400 * c],
			credential,
			{ method: 'GET', url: `${foreignUrl}/api/v1/balance` },
		),
		httpNode(
			`a0000000-0000-4000-8000-00000000001${2 * c + 1}`,
			FOREIGN_NODES[2 * c + 1],
			[260, 800 + 400 * c],
			credential,
			{
				url: `${foreignUrl}/api/v1/withdraw`,
				...withdrawal(MAX_BTC, `e2e-http-node-foreign-${c}`),
			},
		),
	]);
}

/** Manual trigger → HTTP Request nodes side by side (each gets the one trigger item). */
function writeWorkflow(dir, baseUrl, plainCredential, foreignUrl) {
	const file = path.join(dir, 'http-request-node.json');
	const nodes = [
		{
			id: 'a0000000-0000-4000-8000-000000000001',
			name: 'Run now',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 200],
			parameters: {},
		},
		httpNode(
			'a0000000-0000-4000-8000-000000000002',
			'Balance via HTTP Request',
			[260, 0],
			plainCredential,
			{ method: 'GET', url: `${baseUrl}/api/v1/balance` },
		),
		httpNode(
			'a0000000-0000-4000-8000-000000000003',
			'Compliant withdrawal',
			[260, 200],
			POLICY_CREDENTIAL,
			{ url: `${baseUrl}/api/v1/withdraw`, ...withdrawal(MAX_BTC, 'e2e-http-node-ok') },
		),
		httpNode(
			'a0000000-0000-4000-8000-000000000004',
			'Over-limit withdrawal',
			[260, 400],
			POLICY_CREDENTIAL,
			{ url: `${baseUrl}/api/v1/withdraw`, ...withdrawal('0.50000001', 'e2e-http-node-over') },
		),
		...foreignNodes(foreignUrl, plainCredential),
	];
	const main = [nodes.slice(1).map((n) => ({ node: n.name, type: 'main', index: 0 }))];
	const workflow = {
		id: WORKFLOW_ID,
		name: '001k: HTTP Request node with the 001k credential',
		nodes,
		connections: { 'Run now': { main } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
	fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
	return file;
}

module.exports = {
	POLICY_CREDENTIAL,
	WORKFLOW_ID,
	ALLOWED_ADDRESS,
	MAX_BTC,
	FOREIGN_NODES,
	startForeignServer,
	signedRequests,
	writePolicyCredential,
	writeWorkflow,
};
