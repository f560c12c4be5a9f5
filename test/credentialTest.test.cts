import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { createEmptyRunExecutionData, Workflow } from 'n8n-workflow';

import {
	contextDataFor,
	credentialsHelperFor,
	credentialType,
	CREDENTIAL_NAME,
} from './harness/n8n.cjs';
import { listen } from './helpers/listen.cjs';
import { useSandbox } from './helpers/sandbox.cjs';

interface Verdict {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * The credential's test as n8n runs it (n8n 2.41.1, packages/cli credentials-tester.service.ts,
 * runRequestTest): a temporary node whose one property routes the test request, run by n8n-core's
 * RoutingNode through the credential's authenticate; then n8n's verdict on what came back.
 */
async function testCredential(data: ICredentialDataDecryptedObject): Promise<Verdict> {
	const type: ICredentialType = await credentialType();
	const test = type.test!;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_NAME]: { id: 'cred-1', name: '001k account' } },
	};
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'test.credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: CREDENTIAL_NAME, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = await contextDataFor(await credentialsHelperFor(data), 'internal', 'ct', {
		nodes: [node],
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const decrypted = { id: 'cred-1', name: '001k account', type: CREDENTIAL_NAME, data };
	let response;
	try {
		response = await new RoutingNode(context, nodeType, decrypted).runNode();
	} catch (caught) {
		// n8n's verdict on a thrown request: a status rule, else the status text, else the cause's code.
		const error = caught as { cause?: { response?: { status: number }; code?: string } } & Error;
		if (error.cause?.response) {
			const rule = (test.rules ?? []).find(
				(r) => r.type === 'responseCode' && r.properties.value === error.cause!.response!.status,
			);
			return { status: 'Error', message: rule?.properties.message ?? 'HTTP error' };
		}
		return { status: 'Error', message: error.cause?.code ?? error.message };
	}
	const json = (response?.[0]?.[0]?.json ?? {}) as IDataObject;
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const path = rule.properties.key.split('.');
		const value = path.reduce<unknown>(
			(at, key) => (at !== null && typeof at === 'object' ? (at as IDataObject)[key] : undefined),
			json,
		);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

describe('the credential test names the exact cause and its fix, in one sentence', () => {
	const api = useSandbox({ autoAdvance: false });

	it('passes with the right keys', async () => {
		expect(await testCredential(api.credentials())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	it('a wrong Secret Key: the signature, and which key to copy again (never the secret)', async () => {
		const verdict = await testCredential(api.credentials({ secretKey: 'not-the-demo-secret' }));
		expect(verdict).toEqual({
			status: 'Error',
			message:
				'001k rejected the request signature [signature.invalid]: check that the Secret Key in the 001k credential is the one issued with this Access Key (copy it again, without spaces).',
		});
		expect(verdict.message).not.toContain('not-the-demo-secret');
	});

	it('a wrong Access Key: 001k does not know it', async () => {
		expect(await testCredential(api.credentials({ accessKey: 'no-such-key' }))).toEqual({
			status: 'Error',
			message:
				'001k does not know this access key [access_key.invalid]: check the Access Key in the 001k credential, and that the Base URL points at the right 001k environment.',
		});
	});

	it("a clock far off: this server's clock, and to synchronize it", async () => {
		await api.admin('POST', '/__admin/clock', { offsetMs: 120_000 });
		try {
			expect(await testCredential(api.credentials())).toEqual({
				status: 'Error',
				message:
					"The n8n server's clock differs from 001k's by more than 5 seconds [timestamp.invalid]: synchronize this n8n server's clock (NTP).",
			});
		} finally {
			await api.admin('POST', '/__admin/clock', { offsetMs: 0 });
		}
	});

	it('a disabled key: to enable it or make a new pair', async () => {
		const verdict = await testCredential(
			api.credentials({ accessKey: 'inactive-access-key', secretKey: 'inactive-secret-key' }),
		);
		expect(verdict.message).toBe(
			'This 001k API key is disabled [access_key.inactive]: enable the key in your 001k account settings, or create a new key pair.',
		);
	});

	it('a Base URL that is not 001k (an HTML 404): not 001k, and what to set', async () => {
		const other = await listen((_req, _body, res) => {
			res.writeHead(404, { 'Content-Type': 'text/html' });
			res.end('<html><body>Not Found</body></html>');
		});
		try {
			expect(await testCredential(api.credentials({ baseUrl: other.url }))).toEqual({
				status: 'Error',
				message:
					'The Base URL does not lead to the 001k API (GET /api/v1/balance did not answer with balances): use https://api.001k.world, your sandbox URL or your proxy URL, without /api/v1.',
			});
		} finally {
			await other.close();
		}
	});

	it("an unreachable Base URL: n8n's tester shows only the network error's code", async () => {
		// n8n reports a request that got no answer as `error.cause.code` before any rule applies
		// (credentials-tester.service.js); a declarative test cannot word it.
		const closed = await listen(() => {});
		await closed.close();
		expect(await testCredential(api.credentials({ baseUrl: closed.url }))).toEqual({
			status: 'Error',
			message: 'ECONNREFUSED',
		});
	});
});
