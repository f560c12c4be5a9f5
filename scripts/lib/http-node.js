'use strict';
// The end-to-end check of the 001k credential inside n8n's own HTTP Request node (v4.2,
// "Predefined Credential Type" → 001k API): a GET with the plain credential, and with a
// credential whose spending policy is on, a compliant withdrawal and an over-limit one.

const fs = require('node:fs');
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

/** Manual trigger → three HTTP Request nodes side by side (each gets the one trigger item). */
function writeWorkflow(dir, baseUrl, plainCredential) {
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
	writePolicyCredential,
	writeWorkflow,
};
