/**
 * Runs nodes exactly as n8n does: the package is loaded by n8n-core's PackageDirectoryLoader
 * from dist/ (as an installed community package), executed by WorkflowExecute, and every
 * `httpRequestWithAuthentication` goes through the credential's real `authenticate` and a real
 * socket. Nothing of our own code is mocked.
 */
import { resolve } from 'path';
import { ExecutionLifecycleHooks, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-001k';
export const CREDENTIAL_NAME = 'zeroZeroOneKApi';

let executionCounter = 0;
let loaderPromise: Promise<PackageDirectoryLoader> | undefined;

/** Loads the built package the way n8n loads an installed community node package. */
export function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(resolve(__dirname, '../..'));
		await loader.loadAll();
		return loader;
	})();
	return loaderPromise;
}

export async function credentialType(): Promise<ICredentialType> {
	const loader = await loadPackage();
	return loader.credentialTypes[CREDENTIAL_NAME].type;
}

type AuthenticateFn = (
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

/** Calls the packaged credential's `authenticate` hook, as n8n's CredentialsHelper does. */
export async function authenticate(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const type = await credentialType();
	return await (type.authenticate as AuthenticateFn).call(type, credentials, requestOptions);
}

/** Every X-Signature the credential produced in this process, so tests can look for leaks. */
export const signaturesProduced = new Set<string>();

class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(name: string) {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** n8n's CredentialsHelper as far as a node run needs it: decrypted data in, `authenticate` applied. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly type: ICredentialType,
		private readonly data: ICredentialDataDecryptedObject,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	) {
		const hook = this.type.authenticate;
		if (typeof hook !== 'function') return requestOptions;
		const signed = await (hook as AuthenticateFn).call(this.type, credentials, requestOptions);
		const signature = (signed.headers as Record<string, unknown> | undefined)?.['X-Signature'];
		if (typeof signature === 'string') signaturesProduced.add(signature);
		return signed;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these nodes');
	}

	/** Like n8n: property defaults first, then the stored values. */
	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.type.properties)
			defaults[property.name] = property.default as never;
		return { ...defaults, ...this.data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return this.type.properties;
	}
}

export interface RunOptions {
	/** Node type name inside the package (e.g. `zeroZeroOneK`), or a node type object for test-only nodes (`test.<name>`, or a full dotted type name). */
	node: string | { name: string; type: INodeType | IVersionedNodeType };
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	mode?: 'manual' | 'trigger' | 'webhook' | 'internal' | 'retry';
	/** For versioned test-only node types (e.g. n8n's HTTP Request node at 4.2). */
	typeVersion?: number;
	/** What n8n's database holds for this execution (`getExecutionDataById`), e.g. a crashed run's recovered start. */
	saved?: unknown;
	/** The node's Retry On Fail setting. */
	retryOnFail?: { maxTries: number; waitBetweenTries?: number };
}

export interface RunResult {
	items: INodeExecutionData[];
	/** The node's error when it failed without Continue On Fail. */
	error?: Error & { description?: string; httpCode?: string | null };
	run: IRun;
}

async function additionalDataFor(
	helper: ICredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	saved?: unknown,
): Promise<IWorkflowExecuteAdditionalData> {
	return {
		credentialsHelper: helper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used by these nodes');
		},
		getRunExecutionData: async (id: string) => (id === executionId ? saved : undefined),
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used by these nodes');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** One execution's data for a node called outside a full run: a hook, a dropdown, a poll, a webhook. */
export async function contextDataFor(
	helper: ICredentialsHelper,
	mode: WorkflowExecuteMode,
	executionId: string,
	workflow: { id?: string; nodes: INode[] },
): Promise<IWorkflowExecuteAdditionalData> {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		...workflow,
		connections: {},
	} as never);
	return await additionalDataFor(helper, hooks, executionId);
}

/** The package's node types under their installed names (`n8n-nodes-001k.<name>`), plus test-only ones. */
export async function nodeTypesFor(
	extra: Record<string, INodeType | IVersionedNodeType> = {},
): Promise<INodeTypes> {
	const loader = await loadPackage();
	const types: Record<string, INodeType | IVersionedNodeType> = { ...extra };
	for (const [name, { type }] of Object.entries(loader.nodeTypes))
		types[`${PACKAGE_NAME}.${name}`] = type;
	return new NodeTypes(types);
}

export async function credentialsHelperFor(
	data: ICredentialDataDecryptedObject,
): Promise<ICredentialsHelper> {
	return new CredentialsHelper(await credentialType(), data);
}

/** Executes one node of the package on the given input items through n8n-core's WorkflowExecute. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const extra: Record<string, INodeType | IVersionedNodeType> = {};
	let typeName: string;
	if (typeof options.node === 'string') {
		typeName = `${PACKAGE_NAME}.${options.node}`;
	} else {
		// A dotted name is used as is: n8n-core grants n8n-nodes-base.httpRequest any credential type.
		typeName = options.node.name.includes('.') ? options.node.name : `test.${options.node.name}`;
		extra[typeName] = options.node.type;
	}

	const node: INode = {
		id: 'node-1',
		name: '001k',
		type: typeName,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_NAME]: { id: 'cred-1', name: '001k account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.retryOnFail ? { retryOnFail: true, ...options.retryOnFail } : {}),
	};
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: await nodeTypesFor(extra),
		settings: {},
	});
	const mode = options.mode ?? 'manual';
	// Each run is its own execution, as in n8n: derived custom IDs must differ between runs.
	const executionId = `${process.pid}-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: 'wf-1',
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
	} as never);
	const helper = await credentialsHelperFor(options.credentials ?? {});
	const additionalData = await additionalDataFor(helper, hooks, executionId, options.saved);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	const task = run.data.resultData.runData[node.name]?.[0];
	const items = task?.data?.main?.[0] ?? [];
	const error = (task?.error ?? run.data.resultData.error) as RunResult['error'];
	return { items, error, run };
}
