import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What names the run a payout belongs to, read only from what n8n saved before money moves (the
 * trigger's output, the execution context, the execution's saved data), so that a Retry, a crash
 * and a sub-execution of a retried parent all name the same run (README "Exactly once").
 */
export interface RunOrigin {
	/** Hashed into the custom_id's run part. */
	origin: IDataObject;
	/**
	 * Extra material for the custom_id's payout part: a sub-execution's input and its place among
	 * identical calls in the root execution.
	 */
	call?: IDataObject;
	/**
	 * A retry whose earlier attempt n8n did not save before it stopped: its custom_ids cannot be
	 * recomputed, so 001k is searched from `since` (ms), or the item is refused when that is unknown.
	 */
	unproven?: { since: number | null };
}

/** Execution custom data key holding the first execution's id across Retry (letters, digits, underscores). */
const RUN_KEY = 'zeroZeroOneK_run';
/** Execution custom data key: where a retry that could not prove its run searches 001k from ('' = unknown). */
const SINCE_KEY = 'zeroZeroOneK_since';

type Context = IDataObject & {
	establishedAt?: number;
	source?: string;
	parentExecutionId?: string;
	triggerNode?: { name?: string };
};

/** Saved execution data, as far as this reads it. */
interface Saved {
	parentExecution?: { executionId?: string; executionContext?: Context };
	resultData?: { runData?: Record<string, Array<{ startTime?: number; data?: IDataObject }>> };
	executionData?: {
		nodeExecutionStack?: Array<{ node?: { name?: string }; data?: { main?: unknown[] } }>;
	};
}

export async function runOrigin(this: IExecuteFunctions, itemIndex: number): Promise<RunOrigin> {
	const context = safe(() => this.getExecutionContext?.()) as Context | undefined;
	if (context?.parentExecutionId && typeof this.getExecutionDataById === 'function') {
		const sub = await subExecutionOrigin.call(this, itemIndex);
		if (sub) return sub;
	}
	return await topLevelOrigin.call(this, itemIndex, context);
}

async function topLevelOrigin(
	this: IExecuteFunctions,
	itemIndex: number,
	context: Context | undefined,
): Promise<RunOrigin> {
	const trigger = triggerName.call(this, context);
	// Started at this node (n8n-core's own harnesses do): its input items are the event.
	const triggerItem =
		trigger === this.getNode().name
			? this.getInputData()[itemIndex]?.json
			: trigger && safe(() => this.getWorkflowDataProxy(itemIndex).$(trigger).item?.json);
	const event = eventOf(triggerItem);
	if (event !== undefined) return { origin: { event } };
	const started = typeof context?.establishedAt === 'number' ? context.establishedAt : undefined;
	const execution = safe(() => this.getExecutionId()) ?? '';
	const custom = safe(() => this.customData);
	let kept = execution ? (safe(() => custom?.get(RUN_KEY)) as string | undefined) : undefined;
	// Once unproven, always: later items, passes and retries of this run must search 001k as well.
	const searched = safe(() => custom?.get(SINCE_KEY)) as string | undefined;
	let unproven: RunOrigin['unproven'] =
		searched !== undefined ? { since: searched ? Number(searched) : null } : undefined;
	if (!unproven && !kept && this.getMode() === 'retry') {
		// The earlier attempt's first execution id was never saved (it crashed, or never reached this
		// node): search 001k from its start, which n8n kept if it saved the context.
		const savedStart = context?.source !== 'retry' ? started : undefined;
		unproven = { since: savedStart ?? (await savedRunStart.call(this, execution)) };
		safe(() => custom?.set(SINCE_KEY, String(unproven!.since ?? '')));
	}
	if (!kept && execution) {
		safe(() => custom?.set(RUN_KEY, execution));
		kept = safe(() => custom?.get(RUN_KEY)) as string | undefined;
	}
	if (kept) return { origin: { run: started ?? '', execution: kept }, unproven };
	// No custom data (a full set of keys, a tool call): the start time alone, or this execution.
	return { origin: started !== undefined ? { run: started } : { execution }, unproven };
}

/**
 * A sub-execution (Execute Workflow): its own context is fresh for every call, so the run is the
 * root execution's — its trigger event, or its start as n8n saved it — plus this call's input and
 * its place among identical calls in that root execution.
 */
async function subExecutionOrigin(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<RunOrigin | undefined> {
	const ownId = safe(() => this.getExecutionId());
	const own = ownId ? await savedData.call(this, ownId) : undefined;
	let link = own?.parentExecution;
	// Nested sub-workflows: each saved sub-execution names its caller and the caller's context, up to the root.
	for (let hops = 0; link?.executionContext?.parentExecutionId && hops < 10; hops++) {
		link = link.executionId
			? (await savedData.call(this, link.executionId))?.parentExecution
			: undefined;
	}
	const rootId = link?.executionId;
	const root = link?.executionContext;
	if (!rootId || !root || root.parentExecutionId) return undefined;
	const rootData = await savedData.call(this, rootId);
	const events = triggerItems(rootData, root.triggerNode?.name).map((i) => eventOf(i.json));
	const input = stableJson(firstItems(own).map((i) => i.json));
	const call = { input, occurrence: occurrence(rootId, ownId ?? '', input, itemIndex) };
	if (events.some((e) => e !== undefined)) return { origin: { root: events }, call };
	const started = typeof root.establishedAt === 'number' ? root.establishedAt : '';
	// A context established by the retry itself means the crashed attempt's was never saved.
	const unproven =
		root.source === 'retry' ? { since: startOf(rootData?.resultData?.runData) } : undefined;
	return { origin: { root: started }, call, unproven };
}

/**
 * Identical calls of one sub-workflow in one root execution are separate payouts, counted in call
 * order, which a Retry of the root repeats. Held per process: a root execution runs its
 * sub-executions inline, and a crashed one is retried as a new root execution.
 */
const occurrences = new Map<string, Map<string, number>>();
const MAX_ROOTS = 500;

function occurrence(rootId: string, subId: string, input: string, itemIndex: number): number {
	let calls = occurrences.get(rootId);
	if (!calls) {
		if (occurrences.size >= MAX_ROOTS) occurrences.delete(occurrences.keys().next().value!);
		calls = new Map();
		occurrences.set(rootId, calls);
	}
	const shape = hash({ input, itemIndex });
	const mine = `${subId}|${shape}`;
	const known = calls.get(mine);
	if (known !== undefined) return known;
	const next = (calls.get(shape) ?? 0) + 1;
	calls.set(shape, next);
	calls.set(mine, next);
	return next;
}

async function savedData(this: IExecuteFunctions, executionId: string): Promise<Saved | undefined> {
	try {
		return ((await this.getExecutionDataById(executionId)) as unknown as Saved) ?? undefined;
	} catch {
		return undefined;
	}
}

/** The earliest node start n8n saved for this execution (a crash's recovery keeps whole seconds), or null. */
async function savedRunStart(this: IExecuteFunctions, executionId: string): Promise<number | null> {
	if (!executionId || typeof this.getExecutionDataById !== 'function') return null;
	return startOf((await savedData.call(this, executionId))?.resultData?.runData);
}

function startOf(runData: NonNullable<Saved['resultData']>['runData']): number | null {
	const starts = Object.values(runData ?? {})
		.flat()
		.map((task) => Number(task?.startTime))
		.filter((t) => Number.isFinite(t) && t > 0)
		.map((t) => (t < 1e12 ? t * 1000 : t));
	return starts.length ? Math.min(...starts) : null;
}

/** The items a saved execution started with: its first stack entry, or its trigger's saved output. */
function triggerItems(data: Saved | undefined, trigger: string | undefined): INodeExecutionData[] {
	const start = data?.executionData?.nodeExecutionStack?.[0];
	if (start && (!trigger || start.node?.name === trigger)) return firstItems(data);
	const task = trigger ? data?.resultData?.runData?.[trigger]?.[0] : undefined;
	const main = (task?.data as { main?: unknown[] } | undefined)?.main;
	return Array.isArray(main?.[0]) ? (main[0] as INodeExecutionData[]) : [];
}

function firstItems(data: Saved | undefined): INodeExecutionData[] {
	const main = data?.executionData?.nodeExecutionStack?.[0]?.data?.main;
	return Array.isArray(main?.[0]) ? (main[0] as INodeExecutionData[]) : [];
}

function triggerName(this: IExecuteFunctions, context: Context | undefined): string | undefined {
	const named = context?.triggerNode?.name;
	if (typeof named === 'string' && named) return named;
	// Older n8n: the start node is the ancestor that has no parents of its own.
	const ancestors = safe(() => this.getParentNodes(this.getNode().name)) ?? [];
	return ancestors.find((node) => !safe(() => this.getParentNodes(node.name))?.length)?.name;
}

/**
 * What identifies the trigger event, or undefined when the trigger item carries none (a Manual
 * Trigger's `{}`). For n8n's Webhook node, the request without its headers, which proxies and
 * retries change.
 */
function eventOf(json: unknown): string | undefined {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
	const item = json as IDataObject;
	// A 001k trigger's item: the event is the operation's type, code and status, which the API
	// vouches for. The rest is the unsigned callback body or details that move on after a final
	// status (confirmations, timestamps), and must not turn one deposit into two payouts.
	if (
		typeof item.operationType === 'string' &&
		typeof item.code === 'string' &&
		typeof item.status === 'string'
	) {
		return stableJson({ operationType: item.operationType, code: item.code, status: item.status });
	}
	const webhook = 'headers' in item && 'body' in item;
	const event = webhook ? { params: item.params, query: item.query, body: item.body } : item;
	const text = stableJson(event);
	return text === '{}' || text === '{"body":{},"params":{},"query":{}}' ? undefined : text;
}

/** JSON with sorted keys, so the same data always hashes the same. */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as IDataObject).filter(([, v]) => v !== undefined);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

export function hash(value: unknown): string {
	return createHash('sha256').update(stableJson(value)).digest('hex');
}

function safe<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}
