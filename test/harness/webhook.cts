/**
 * A real HTTP front for the trigger node, doing what n8n's webhook server does for a production
 * webhook with responseMode "onReceived": parse the body (keeping rawBody), work out the client IP
 * (X-Forwarded-For only when proxies are trusted), build n8n-core's real WebhookContext and call the
 * node's `webhook()`; answer with its webhookResponse, or let it answer itself (noWebhookResponse).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeType,
	IWebhookData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	contextDataFor,
	credentialsHelperFor,
	loadPackage,
	nodeTypesFor,
	PACKAGE_NAME,
} from './n8n.cjs';

export interface TriggerOptions {
	parameters: IDataObject;
	credentials: ICredentialDataDecryptedObject;
	/** n8n's N8N_PROXY_HOPS > 0: the client IP comes from X-Forwarded-For. */
	trustProxy?: boolean;
	/** Workflow static data to start from (a "restart" passes the previous run's). */
	staticData?: IDataObject;
	workflowId?: string;
}

export interface TriggerServer {
	/** Production webhook URL of one callback path (e.g. `deposit`). */
	url(path: string): string;
	emitted: IDataObject[];
	staticData(): IDataObject;
	stop(): Promise<void>;
}

const WEBHOOK_ID = '9f1c8f3e-001k-4c5a-9a57-trigger';

export async function startTrigger(options: TriggerOptions): Promise<TriggerServer> {
	const loader = await loadPackage();
	const nodeType = loader.nodeTypes.zeroZeroOneKTrigger.type as INodeType;
	const node: INode = {
		id: 'trigger-node-1',
		name: '001k Trigger',
		type: `${PACKAGE_NAME}.zeroZeroOneKTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: options.parameters as never,
		credentials: { zeroZeroOneKApi: { id: 'cred-1', name: '001k account' } },
	};
	const workflow = new Workflow({
		id: options.workflowId ?? 'wf-trigger',
		name: 'trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: await nodeTypesFor(),
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})),
		settings: {},
	});
	const helper = await credentialsHelperFor(options.credentials);
	const emitted: IDataObject[] = [];
	let executions = 0;

	async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const description = nodeType.description.webhooks!.find((w) =>
			url.pathname.endsWith(`/${w.path}`),
		);
		if (!url.pathname.startsWith(`/webhook/${WEBHOOK_ID}/`) || !description) {
			res.writeHead(404).end('{"message":"webhook not registered"}');
			return;
		}
		const request = req as IncomingMessage & IDataObject;
		request.rawBody = raw;
		request.path = url.pathname;
		request.query = Object.fromEntries(url.searchParams);
		request.params = {};
		const forwarded = String(req.headers['x-forwarded-for'] ?? '')
			.split(',')[0]
			.trim();
		request.ip = options.trustProxy && forwarded ? forwarded : req.socket.remoteAddress;
		try {
			request.body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
		} catch {
			request.body = raw.toString('utf8');
		}
		const executionId = `webhook-${++executions}`;
		const additionalData = await contextDataFor(helper, 'webhook', executionId, {
			id: workflow.id,
			nodes: [node],
		});
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = res as never;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${WEBHOOK_ID}/${description.path}`,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
		};
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const result = await nodeType.webhook!.call(context);
		if (result.noWebhookResponse) {
			if (!res.writableEnded) res.end();
			return;
		}
		for (const item of result.workflowData?.[0] ?? []) emitted.push(item.json);
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
	}

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			handle(req, res, Buffer.concat(chunks)).catch((error: Error) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: error.message }));
			});
		});
	});
	server.keepAliveTimeout = 1000;
	// A deep accept queue: the load test opens 1,000+ connections at once, more than the default 511.
	await new Promise<void>((resolve) =>
		server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve),
	);
	const { port } = server.address() as AddressInfo;

	return {
		url: (path) => `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/${path}`,
		emitted,
		staticData: () => JSON.parse(JSON.stringify(workflow.staticData)),
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
