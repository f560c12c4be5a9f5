/** Starts the local 001k sandbox for a test file and talks to its admin API over HTTP. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runNode, type RunOptions } from '../harness/n8n.cjs';

import { startSandbox } from '../../sandbox';

export const DEMO_ACCESS_KEY = 'demo-access-key';
export const DEMO_SECRET_KEY = 'demo-secret-key';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** One entry of the sandbox's request log (`GET /__admin/requests`). */
export interface LoggedRequest {
	method: string;
	path: string;
	route: string | null;
	raw_query: string;
	body: string;
	status: number | string | null;
	signature_present: boolean;
	/** When the sandbox received it (ISO 8601, real time, not the sandbox's skewable clock). */
	time: string;
}

export interface RunExtras {
	/** The whole credential (see `credentials(overrides)`); the demo key on this sandbox by default. */
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	input?: INodeExecutionData[];
}

/** The readings profile the node's tests run under: `npm test` runs them once per profile (SANDBOX_PROFILE). */
export const PROFILE = (process.env.SANDBOX_PROFILE || 'default') as 'default' | 'alternate';

/** A decimal string equal in value to `value`, with any number of trailing zeros (readings format amounts differently). */
/** `count` input items ({ i: 0 }, { i: 1 }, …), as a node after a Split Out or a Code node hands on. */
export function inputItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}

export function decimalOf(value: string) {
	const [int, frac = ''] = value.split('.');
	const digits = frac.replace(/0+$/, '');
	return expect.stringMatching(new RegExp(`^${int}${digits ? `\\.${digits}0*` : '(\\.0*)?'}$`));
}

export function useSandbox(options: Record<string, unknown> = {}) {
	const ref: { sandbox?: Sandbox } = {};
	beforeAll(async () => {
		// Strict by default: the node must not send what a strict 001k could refuse.
		ref.sandbox = await startSandbox({
			port: 0,
			stepMs: 50,
			strict: true,
			profile: PROFILE,
			...options,
		});
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
		/** The value of each reading this sandbox plays (sandbox/lib/readings.js). */
		get readings(): Record<string, string | boolean> {
			return ref.sandbox!.readings;
		},
		credentials(overrides: Record<string, string> = {}) {
			return {
				accessKey: DEMO_ACCESS_KEY,
				secretKey: DEMO_SECRET_KEY,
				baseUrl: ref.sandbox!.url,
				...overrides,
			};
		},
		admin(method: string, path: string, body?: unknown) {
			return admin(ref.sandbox!, method, path, body);
		},
		/** Runs one operation of the 001k node against this sandbox through real n8n-core. */
		run(resource: string, operation: string, parameters: IDataObject = {}, extras: RunExtras = {}) {
			return runNode({
				node: 'zeroZeroOneK',
				parameters: { resource, operation, ...parameters } as never,
				credentials: extras.credentials ?? this.credentials(),
				continueOnFail: extras.continueOnFail,
				input: extras.input,
			});
		},
		async requests(): Promise<LoggedRequest[]> {
			return await admin(ref.sandbox!, 'GET', '/__admin/requests');
		},
		async posts(): Promise<LoggedRequest[]> {
			return (await this.requests()).filter((r) => r.method === 'POST');
		},
		/** Every operation the sandbox holds, by type (`withdrawal`, `swap`, …), as `GET /__admin/state` lists them. */
		async operations(): Promise<Record<string, any[]>> {
			return (await admin(ref.sandbox!, 'GET', '/__admin/state')).operations;
		},
		/** Advances the sandbox every 30 ms while `work` runs, as a live 001k would (for autoAdvance: false). */
		async whileTicking<T>(work: Promise<T>, after?: string): Promise<T> {
			// `after` ("POST /api/v1/swap/cancel"): tick only once that request has arrived, so nothing finishes before it.
			const arrived = () =>
				!after ||
				(ref.sandbox!.admin.requests() as LoggedRequest[]).some(
					(r) => `${r.method} ${r.path}` === after,
				);
			const timer = setInterval(() => arrived() && ref.sandbox!.admin.tick(1), 30);
			try {
				return await work;
			} finally {
				clearInterval(timer);
			}
		},
		/** A signed request made outside n8n, e.g. to set up operations a test then reacts to. */
		call(method: 'GET' | 'POST', path: string, body?: unknown) {
			return signedCall(ref.sandbox!, method, path, body);
		},
	};
}

export async function admin(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<any> {
	const response = await fetch(sandbox.url + path, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`admin ${method} ${path} -> ${response.status} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

export async function signedCall(
	sandbox: Sandbox,
	method: 'GET' | 'POST',
	path: string,
	body?: unknown,
): Promise<any> {
	const raw = body === undefined ? '' : JSON.stringify(body);
	const timestamp = String(sandbox.now());
	const apiPath = `/api/v1${path}`;
	const response = await fetch(sandbox.url + apiPath, {
		method,
		headers: {
			'Content-Type': 'application/json',
			'X-Access-Key': DEMO_ACCESS_KEY,
			'X-Timestamp': timestamp,
			'X-Signature': sandbox.sign(
				DEMO_SECRET_KEY,
				DEMO_ACCESS_KEY,
				apiPath.split('?')[0],
				timestamp,
				raw,
			),
		},
		body: raw || undefined,
	});
	const json = await response.json();
	if (!response.ok)
		throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(json)}`);
	return json;
}

export type { INodeExecutionData, RunOptions };
export { runNode };
