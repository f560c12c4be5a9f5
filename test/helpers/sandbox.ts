/** Starts the local 001k sandbox for a test file and talks to its admin API over HTTP. */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, type RunOptions } from '../harness/n8n';

import { startSandbox } from '../../sandbox';

export const DEMO_ACCESS_KEY = 'demo-access-key';
export const DEMO_SECRET_KEY = 'demo-secret-key';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export function useSandbox(options: Record<string, unknown> = {}) {
	const ref: { sandbox?: Sandbox } = {};
	beforeAll(async () => {
		ref.sandbox = await startSandbox({ port: 0, stepMs: 50, ...options });
	});
	afterAll(async () => {
		await ref.sandbox?.stop();
	});
	beforeEach(async () => {
		await admin(ref.sandbox!, 'POST', '/__admin/reset');
	});
	return {
		get sandbox() {
			return ref.sandbox!;
		},
		get url() {
			return ref.sandbox!.url;
		},
		credentials(overrides: Record<string, string> = {}) {
			return { accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY, baseUrl: ref.sandbox!.url, ...overrides };
		},
		admin(method: string, path: string, body?: unknown) {
			return admin(ref.sandbox!, method, path, body);
		},
		/** A signed request made outside n8n, e.g. to set up operations a test then reacts to. */
		call(method: 'GET' | 'POST', path: string, body?: unknown) {
			return signedCall(ref.sandbox!, method, path, body);
		},
	};
}

export async function admin(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
	const response = await fetch(sandbox.url + path, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`admin ${method} ${path} -> ${response.status} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

export async function signedCall(sandbox: Sandbox, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
	const raw = body === undefined ? '' : JSON.stringify(body);
	const timestamp = String(sandbox.now());
	const apiPath = `/api/v1${path}`;
	const response = await fetch(sandbox.url + apiPath, {
		method,
		headers: {
			'Content-Type': 'application/json',
			'X-Access-Key': DEMO_ACCESS_KEY,
			'X-Timestamp': timestamp,
			'X-Signature': sandbox.sign(DEMO_SECRET_KEY, DEMO_ACCESS_KEY, apiPath.split('?')[0], timestamp, raw),
		},
		body: raw || undefined,
	});
	const json = await response.json();
	if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(json)}`);
	return json;
}

export type { INodeExecutionData, RunOptions };
export { runNode };
