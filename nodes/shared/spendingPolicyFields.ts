import type { INodeProperties } from 'n8n-workflow';

/** The credential's Spending Policy fields; what they mean is checked in spendingPolicy.ts. */
const show = { show: { spendingPolicy: [true] } };

export const spendingPolicyProperties: INodeProperties[] = [
	{
		displayName: 'Spending Policy',
		name: 'spendingPolicy',
		type: 'boolean',
		default: false,
		description:
			'Whether n8n refuses to sign requests that break the rules below. It applies to every workflow, AI agent and HTTP Request node that uses this credential; a refused request is never sent.',
	},
	{
		displayName: 'Read-Only Mode',
		name: 'readOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to refuse every request that changes something (any POST), except cancelling a swap or a limit order. Reading balances and operations still works.',
		displayOptions: show,
	},
	{
		displayName: 'Maximum Amount per Request',
		name: 'maxAmounts',
		type: 'string',
		default: '',
		placeholder: 'e.g. BTC=0.5, USDT=10000',
		description:
			'Per currency, the most one withdrawal, internal transfer, swap or limit order may spend, e.g. BTC=0.5, USDT=10000. Currencies not listed have no limit. Swaps and limit orders must then state the spend amount, and withdrawals may not use receive mode "exact" (its fee comes on top and is known only to 001k).',
		displayOptions: show,
	},
	{
		displayName: 'Allowed Withdrawal Addresses',
		name: 'allowedAddresses',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder:
			'e.g. bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh\nrLW9gnQo7BQhU6igk5keqYnH3TVrCxGRzm:12345',
		description:
			"One destination per line: the address, or address:tag for tag/memo networks (an address line without a tag allows it only without a tag), or an IBAN. A fiat withdrawal's beneficiary IBAN must be listed too. Empty = any address. Withdrawals naming an address book entry are refused while this list is set.",
		displayOptions: show,
	},
	{
		displayName: 'Allowed Transfer Recipients',
		name: 'allowedRecipients',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. user123\nbob@example.com',
		description:
			'One 001k user ID or email per line: user IDs must match exactly, emails in any letter case. Empty = any recipient. Transfers naming an address book entry are refused while this list is set.',
		displayOptions: show,
	},
];
