import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATION_TYPES, normalizeStatus, type OperationTypeName } from '../shared/operationTypes';
import { apiRequest } from '../shared/transport';
import { apiRequestAll } from '../shared/transport/pagination';
import { operationTypeOptions, statusOptions } from '../shared/callbackTypes';
import { rememberOnce } from '../shared/dedupe';

/** Operations still moving, re-read by code each poll; bounded so state stays small. */
const MAX_OPEN = 500;
const MAX_REFRESH_PER_POLL = 100;

interface TypeState {
	/** Newest created_at (or timestamp) seen: the next poll lists from here, inclusive. */
	since?: string;
	/** Non-final operations: code -> [status, time]. */
	open: Record<string, [string, string]>;
}

type Event = { operation: IDataObject; previousStatus?: string };

// A separate node rather than a mode of "001k Trigger": n8n runs polling nodes on a schedule with
// its own "Poll Times" settings and needs no public URL, while webhook nodes are registered and
// served differently. Two nodes keep each one's settings and behaviour plain.
export class ZeroZeroOneKPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '001k Poll Trigger',
		name: 'zeroZeroOneKPollTrigger',
		icon: { light: 'file:../../icons/001k.svg', dark: 'file:../../icons/001k.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["operationTypes"].join(", ") }}',
		description:
			'Starts the workflow for each new 001k operation and each status change, by polling: for n8n servers the internet cannot reach, and to catch callbacks that never came',
		defaults: { name: '001k Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zeroZeroOneKApi', required: true }],
		properties: [
			{
				displayName: 'Operation Types',
				name: 'operationTypes',
				type: 'multiOptions',
				options: operationTypeOptions(),
				default: ['deposit'],
				required: true,
				description: 'Which operations to watch',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: statusOptions(),
				default: [],
				description: 'Only these statuses start the workflow. Empty = every status.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const types = this.getNodeParameter('operationTypes', []) as OperationTypeName[];
		const statuses = this.getNodeParameter('statuses', []) as string[];
		const wanted = (status: string) => !statuses.length || statuses.includes(status);

		if (this.getMode() === 'manual') {
			const samples: INodeExecutionData[] = [];
			for (const type of types) {
				const [latest] = (await apiRequest.call(this, {
					route: OPERATION_TYPES[type].listRoute,
					qs: { limit: 1 },
				})) as IDataObject[];
				if (latest) samples.push({ json: { ...latest, operationType: type } });
			}
			return samples.length ? [samples] : null;
		}

		const data = this.getWorkflowStaticData('node');
		const state = (data.types ?? {}) as Record<string, TypeState>;
		data.types = state;
		const items: INodeExecutionData[] = [];
		for (const type of types) {
			const first = !state[type];
			const typeState = (state[type] ??= { open: {} });
			const events = await changes.call(this, type, typeState, first);
			for (const { operation, previousStatus } of events) {
				const status = normalizeStatus(type, operation.status);
				// Each (type, code, status) once; on the first poll, what already exists is only recorded.
				if (
					!rememberOnce.call(this, `${type}:${String(operation.code)}:${status}`) ||
					first ||
					!wanted(status)
				)
					continue;
				items.push({
					json: { ...operation, operationType: type, previousStatus: previousStatus ?? null },
				});
			}
		}
		return items.length ? [items] : null;
	}
}

/** Lists what was created since the last poll and re-reads the operations still open. */
async function changes(
	this: IPollFunctions,
	type: OperationTypeName,
	state: TypeState,
	first: boolean,
): Promise<Event[]> {
	const { listRoute, getRoute, finalStatuses, timeField } = OPERATION_TYPES[type];
	const events: Event[] = [];
	const listed = await apiRequestAll.call(this, {
		route: listRoute,
		timeField,
		qs: state.since ? { start_at: state.since } : {},
		// At activation only the newest page is recorded: history before it is not an event.
		max: first ? 200 : undefined,
	});
	const seenNow = new Set<string>();
	for (const operation of listed) {
		const code = String(operation.code);
		seenNow.add(code);
		events.push({ operation, previousStatus: state.open[code]?.[0] });
		track(state, type, operation, finalStatuses);
		const time = String(operation[timeField]);
		if (!state.since || time > state.since) state.since = time;
	}

	const stale = Object.keys(state.open)
		.filter((code) => !seenNow.has(code))
		.slice(0, MAX_REFRESH_PER_POLL);
	for (const code of stale) {
		const operation = (await apiRequest.call(this, { route: getRoute, code })) as IDataObject;
		events.push({ operation, previousStatus: state.open[code][0] });
		track(state, type, operation, finalStatuses);
	}
	return events;
}

function track(
	state: TypeState,
	type: OperationTypeName,
	operation: IDataObject,
	finalStatuses: string[],
) {
	const code = String(operation.code);
	const status = normalizeStatus(type, operation.status);
	delete state.open[code];
	if (finalStatuses.includes(status)) return;
	state.open[code] = [status, String(operation[OPERATION_TYPES[type].timeField])];
	const codes = Object.keys(state.open);
	if (codes.length > MAX_OPEN) delete state.open[codes[0]];
}
