import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkThenCreate, type ReferenceLists, sameCode } from '../../helpers/catalog';
import { compareDecimals, isDecimal } from '../../../shared/decimal';
import { createOrPreview } from '../../helpers/dryRun';
import { createBody } from '../../helpers/createBody';
import { failFor, readAmount } from '../../helpers/parameters';
import { sentUnlisted } from '../../helpers/exactlyOnce';
import {
	callbackUrlField,
	customIdFields,
	dryRunField,
	listField,
	waitFields,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	listField(
		'Direction',
		'direction',
		'getSwapDirections',
		'Which currency to spend and which to receive, e.g. BTC-USDT.',
		{ required: true },
	),
	{
		displayName: 'Amount Type',
		name: 'amountType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Receive Amount',
				value: 'receive',
				description:
					'The amount is what arrives after the fee, in the second currency of the direction; 001k computes what you spend',
			},
			{
				name: 'Spend Amount',
				value: 'spend',
				description:
					'The amount is what leaves the balance, in the first currency of the direction; 001k computes what you receive',
			},
		],
		default: 'spend',
		description:
			'001k takes exactly one of spend_amount and receive_amount: choose which one the amount is',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0.01000000',
		description:
			"Decimal string with at most the direction's spend or receive precision, within its min and max (checked before sending)",
	},
	...customIdFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callbackUrlField('swap'),
			{
				displayName: 'Quote Valid For (Milliseconds)',
				name: 'time_to_live',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 30000,
				description:
					'How long the quoted rate stays valid, in milliseconds (001k default 30000); an unexecuted swap fails after it',
			},
		],
	},
	dryRunField,
	...waitFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['swap'], operation: ['create'] } },
	properties,
);

/** Checks the amount against the direction's precision and limits before anything is sent. */
async function checkedRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	lists: ReferenceLists,
): Promise<{ body: IDataObject; direction?: IDataObject }> {
	const fail = failFor.call(this, itemIndex);
	const side =
		this.getNodeParameter('amountType', itemIndex, 'spend') === 'receive' ? 'receive' : 'spend';
	// The format is checked first, so a malformed amount costs no request.
	let amount = readAmount.call(this, itemIndex, 'amount', 'Amount');
	const code = String(this.getNodeParameter('direction', itemIndex, '')).trim();
	if (!code) throw fail('Direction is empty');
	const directions = await lists.get('GET /swap-directions');
	const direction = directions?.find((d) => sameCode(d.code, code));
	if (directions && !direction) {
		lists.notListed(
			'GET /swap-directions',
			`"${code}" is not listed`,
			fail(
				`"${code}" is not a swap direction available to this account (see "Swap → Get Directions")`,
			),
		);
	}
	if (direction) {
		if (direction.is_enabled === false)
			throw fail(`Swap direction ${String(direction.code)} is currently disabled`);
		const currency = String(direction[`${side}_currency`]);
		const precision = Number(direction[`${side}_precision`]);
		amount = readAmount.call(
			this,
			itemIndex,
			'amount',
			`Amount (${currency} to ${side})`,
			Number.isInteger(precision) ? precision : undefined,
		);
		const min = direction[`min_${side}_amount`];
		const max = direction[`max_${side}_amount`];
		if (
			isDecimal(min) &&
			isDecimal(max) &&
			(compareDecimals(amount, min) < 0 || compareDecimals(amount, max) > 0)
		) {
			throw fail(
				`Amount ${amount} ${currency} to ${side} is outside the ${String(direction.code)} limits: ${min} to ${max}`,
			);
		}
	}
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const ttl = extra.time_to_live;
	if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1)) {
		throw fail(`Quote Valid For must be a whole number of milliseconds, not ${String(ttl)}`);
	}
	const body = await createBody.call(this, itemIndex, {
		direction: String(direction?.code ?? code),
		[`${side}_amount`]: amount,
		time_to_live: ttl,
	});
	if (!direction) sentUnlisted(body, 'direction');
	return { body, direction };
}

/** Fields whose 001k rejection the directions list would have predicted. */
const LISTED_FIELDS = ['direction', 'spend_amount', 'receive_amount'];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const created = await checkThenCreate(
		this,
		itemIndex,
		LISTED_FIELDS,
		(lists) => checkedRequest.call(this, itemIndex, lists),
		({ body, direction }) => {
			// The fee is taken from what is received (doc: swap fee_amount is in the receive currency).
			const quote =
				direction &&
				(() => ({
					spendCurrency: direction.spend_currency,
					receiveCurrency: direction.receive_currency,
					// The doc's /swap-directions example lists a rate for one direction only.
					rate: direction.rate ?? null,
					feePercent: direction.fee_percent,
					feeCurrency: direction.receive_currency,
				}));
			return createOrPreview.call(this, itemIndex, 'swap', 'POST /swap/open', body, quote);
		},
		({ direction }) => (direction ? String(direction.spend_currency) : undefined),
	);
	return [created];
}
