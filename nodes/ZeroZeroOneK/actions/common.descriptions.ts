import type { INodeProperties } from 'n8n-workflow';

const FROM_LIST =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** A dropdown filled from one of 001k's reference lists; it also takes an expression. */
export function listField(
	label: string,
	name: string,
	loadOptionsMethod: string,
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: `${label} Name or ID`,
		name,
		type: 'options',
		default: '',
		description: `${description} ${FROM_LIST}`,
		...extra,
		typeOptions: { loadOptionsMethod, ...extra.typeOptions },
	};
}

/** The optional query parameters of a list endpoint. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** The code field of a `Get` operation. */
export function codeField(label: string, placeholder: string): INodeProperties {
	return {
		displayName: `${label} Code`,
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder,
		description: `The unique code 001k gave the ${label.toLowerCase()} when it was created`,
	};
}

/** `custom_id` on every create: the API's idempotency key, so a create can be retried safely. */
export const customIdFields: INodeProperties[] = [
	{
		displayName: 'Custom ID',
		name: 'customIdMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic (From What Is Paid)',
				value: 'auto',
				description:
					"A custom_id built from the trigger event (or this run, or the parent workflow's), this node, the item and the request, so n8n's Retry (also after a crash), Retry On Fail, a retried parent workflow or a duplicated event return the existing operation instead of paying twice. For AI tools, set it manually from the model.",
			},
			{
				name: 'None',
				value: 'none',
				description:
					'Send no custom_id. The node then never resends this request: a lost answer ends in an "outcome unknown" error.',
			},
			{
				name: 'Set Manually',
				value: 'manual',
				description:
					'Your own custom_id, e.g. an invoice number: the same value can never create a second operation, even in a later execution',
			},
		],
		default: 'auto',
		description:
			"001k's idempotency key (custom_id). Creates that carry one are retried safely and never happen twice.",
	},
	{
		displayName: 'Custom ID Value',
		name: 'customId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. invoice-2025-0042',
		description:
			'Unique per operation: 001k returns the existing operation when the same custom_id is sent again',
		displayOptions: { show: { customIdMode: ['manual'] } },
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 0.1 },
		default: 30,
		description:
			"How long to wait for 001k's answer before treating it as lost. A lost create is resent only when it has a Custom ID; otherwise the node reports that the outcome is unknown.",
	},
];

/** callback_url; the placeholder ends like the URL the 001k Trigger shows for this type (its path segment). */
export function callbackUrlField(triggerPath: string): INodeProperties {
	return {
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: `https://n8n.example.com/webhook/…/${triggerPath}`,
		description:
			'URL that 001k calls with status updates (callback_url). To start a workflow from them, add a 001k Trigger node and paste the production URL it shows for this operation type.',
	};
}

/** Every money-moving create offers a dry run: all checks, the exact request, nothing sent. */
export const dryRunField: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		"Whether to only check the inputs and output the exact request (method, path, body) with the fees and totals 001k's lists give, without sending it",
};

/** Poll the created object until it reaches a final status. */
export const waitFields: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to poll the new operation until it reaches a final status and output that final state',
		// A dry run sends nothing, so there is nothing to wait for.
		displayOptions: { hide: { dryRun: [true] } },
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description:
			'How long to wait for a final status before failing (the operation itself goes on)',
		displayOptions: { show: { waitForCompletion: [true] }, hide: { dryRun: [true] } },
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 0.05 },
		default: 5,
		description: 'Time between two status checks',
		displayOptions: { show: { waitForCompletion: [true] }, hide: { dryRun: [true] } },
	},
];

/** Return All / Limit, as n8n's Get Many operations have them. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The inclusive time window every 001k list endpoint accepts. */
export function timeWindowFilters(field: 'created_at' | 'timestamp'): INodeProperties[] {
	return [
		{
			displayName: 'Start At',
			name: 'start_at',
			type: 'dateTime',
			default: '',
			description: `Only operations whose ${field} is at or after this time (inclusive)`,
		},
		{
			displayName: 'End At',
			name: 'end_at',
			type: 'dateTime',
			default: '',
			description: `Only operations whose ${field} is at or before this time (inclusive)`,
		},
	];
}

export function statusFilter(statuses: string[]): INodeProperties {
	return {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		// The empty choice keeps the untouched default valid in the editor (no "value not supported").
		options: [
			{ name: 'Any Status', value: '' },
			...statuses.map((status) => ({
				name: status.charAt(0).toUpperCase() + status.slice(1),
				value: status,
			})),
		],
		default: '',
		description: 'Only operations in this status',
	};
}

export const customIdFilter: INodeProperties = {
	displayName: 'Custom ID',
	name: 'custom_id',
	type: 'string',
	default: '',
	description: 'Only the operation with this custom_id',
};

/** Cancel by code or by custom_id; the node sends one of the two (001k uses code when both are sent). */
export function cancelByFields(label: string, placeholder: string): INodeProperties[] {
	return [
		{
			displayName: 'Cancel By',
			name: 'cancelBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Code',
					value: 'code',
					description: `The code 001k gave the ${label.toLowerCase()}`,
				},
				{
					name: 'Custom ID',
					value: 'customId',
					description: `The custom_id sent when the ${label.toLowerCase()} was created`,
				},
			],
			default: 'code',
			description: `How to identify the ${label.toLowerCase()} to cancel`,
		},
		{ ...codeField(label, placeholder), displayOptions: { show: { cancelBy: ['code'] } } },
		{
			displayName: 'Custom ID',
			name: 'customId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. invoice-2025-0042',
			description: `The custom_id the ${label.toLowerCase()} was created with`,
			displayOptions: { show: { cancelBy: ['customId'] } },
		},
	];
}
