import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	checkThenCreate,
	methodsOmitCurrency,
	methodsOfCurrency,
	type ReferenceLists,
	sameCode,
} from '../../helpers/catalog';
import {
	addDecimals,
	compareDecimals,
	isDecimal,
	percentOfUp,
	subtractDecimals,
} from '../../../shared/decimal';
import { BENEFICIARY_FIELDS } from '../../../shared/endpoints';
import { createOrPreview, isDryRun, previewRequest } from '../../helpers/dryRun';
import { createOnce, sentUnlisted } from '../../helpers/exactlyOnce';
import { assertPolicyAllows } from '../../helpers/policy';
import { compact, createBody } from '../../helpers/createBody';
import { failFor, readAmount } from '../../helpers/parameters';
import {
	callbackUrlField,
	customIdFields,
	dryRunField,
	listField,
	waitFields,
} from '../common.descriptions';
import { amlGateFields, amlGateRequest, passAmlGate } from '../../helpers/amlGate';

const properties: INodeProperties[] = [
	listField('Currency', 'currency', 'getWithdrawalCurrencies', 'Currency to withdraw.', {
		required: true,
	}),
	listField(
		'Method',
		'method',
		'getWithdrawalMethodsOrDefault',
		"Withdrawal method (network or payment rail). Empty = the currency's default method.",
		{ typeOptions: { loadOptionsDependsOn: ['currency'] } },
	),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0.05000000',
		description:
			"Amount to withdraw, as a decimal string with at most the method's precision (checked before sending)",
	},
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
		description: 'Destination address (crypto) or account number such as an IBAN (fiat)',
	},
	...customIdFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Address Book Code',
				name: 'address_book_code',
				type: 'string',
				default: '',
				description: 'Code of an address book entry to withdraw to',
			},
			{
				displayName: 'Beneficiary',
				name: 'beneficiary',
				type: 'collection',
				placeholder: 'Add Beneficiary Field',
				default: {},
				description: 'Who receives a fiat withdrawal; required by methods such as SEPA',
				options: BENEFICIARY_FIELDS.map((field) => ({
					displayName:
						field === 'edrpou'
							? 'EDRPOU'
							: field === 'iban'
								? 'IBAN'
								: field === 'tin'
									? 'TIN'
									: field.replace('_', ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
					name: field,
					type: 'string' as const,
					default: '',
					...(field === 'email' ? { placeholder: 'name@email.com' } : {}),
				})),
			},
			callbackUrlField('withdrawal'),
			{
				displayName: 'Receive Mode',
				name: 'receive_mode',
				type: 'options',
				options: [
					{
						name: 'Fee Deducted From Amount',
						value: 'standard',
						description: 'The recipient gets the amount minus the fee',
					},
					{
						name: 'Exact (Fee on Top)',
						value: 'exact',
						description:
							'The recipient gets exactly the amount; the fee is added on top. Sends receive_mode "exact", as the doc\'s parameter table says.',
					},
					// The doc's table says "exact", its examples send true: a 001k that takes only one of them needs this choice.
					{
						name: 'Exact (Fee on Top), Sent as True',
						value: 'exactTrue',
						description:
							"Same as Exact, but sends receive_mode true, as the doc's request examples do",
					},
				],
				default: 'standard',
			},
			{
				displayName: 'Tag / Memo',
				name: 'tag',
				type: 'string',
				default: '',
				description: 'Destination tag or memo; required by methods such as XRP and XLM',
			},
		],
	},
	...amlGateFields,
	dryRunField,
	...waitFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['withdrawal'], operation: ['create'] } },
	properties,
);

interface Checked {
	body: IDataObject;
	/** undefined when the methods could not be read or told apart: then 001k checks alone. */
	method?: IDataObject;
	quote?: IDataObject;
}

/** The method's fee (percent + absolute) rounded up to its precision, and what leaves and arrives. */
function feeQuote(method: IDataObject, amount: string, exact: boolean): IDataObject | undefined {
	const precision = Number(method.precision);
	if (
		!Number.isInteger(precision) ||
		!isDecimal(method.fee_absolute) ||
		!isDecimal(method.fee_percent)
	)
		return undefined;
	const fee = addDecimals(
		method.fee_absolute,
		percentOfUp(amount, method.fee_percent, precision),
		precision,
	);
	const sent = addDecimals(amount, '0', precision);
	return {
		method: method.code,
		feePercent: method.fee_percent,
		feeAbsolute: method.fee_absolute,
		fee,
		total: exact ? addDecimals(amount, fee, precision) : sent,
		receiveAmount: exact
			? sent
			: compareDecimals(amount, fee) > 0
				? subtractDecimals(amount, fee, precision)
				: '0',
		rounding: `fee rounded up to ${precision} decimals (the method precision)`,
	};
}

/** Finds the method and checks the amount and required extras against it, before anything is sent. */
async function checkedRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	lists: ReferenceLists,
): Promise<Checked> {
	const fail = failFor.call(this, itemIndex);
	const currency = String(this.getNodeParameter('currency', itemIndex)).trim().toUpperCase();
	const methodCode = String(this.getNodeParameter('method', itemIndex, '')).trim();
	const route = 'GET /withdrawal-methods';
	const all = await lists.get(route);
	const currencies = all && methodsOmitCurrency(all) ? await lists.get('GET /currency') : undefined;
	const methods = all && methodsOfCurrency(all, currency, currencies);
	const listed = methodCode ? all?.find((m) => sameCode(m.code, methodCode)) : undefined;
	let method: IDataObject | undefined;
	if (methods?.length) {
		method = methodCode ? methods.find((m) => sameCode(m.code, methodCode)) : methods[0];
		const notFor = fail(
			`"${methodCode}" is not a withdrawal method for ${currency}; available: ${methods.map((m) => m.code).join(', ')}`,
		);
		// Listed for another currency, the list says no; not listed at all, it may be a spelling the list does not use (btc_native).
		if (!method && listed) throw notFor;
		if (!method) lists.notListed(route, `"${methodCode}" is not listed for ${currency}`, notFor);
	} else if (all) {
		const none = fail(`No withdrawal method is available for currency "${currency}"`);
		// Only GET /currency saying the currency has no withdrawal methods is proof; a list that names none of its methods may spell them otherwise.
		const entry = currencies?.find((c) => sameCode(c.code, currency));
		if (Array.isArray(entry?.withdraw) && !entry.withdraw.length) throw none;
		// The method's currency is unknown, but its own rules still apply.
		method = listed;
		// With no method named and GET /currency unread, its own note already says what was not checked.
		if (!method && (methodCode || methods))
			lists.notListed(
				route,
				methodCode ? `"${methodCode}" is not listed` : `no method of ${currency} is listed`,
				methodCode ? fail(`"${methodCode}" is not a withdrawal method for ${currency}`) : none,
			);
	}
	const precision = Number(method?.precision);
	const amount = readAmount.call(
		this,
		itemIndex,
		'amount',
		'Amount',
		Number.isInteger(precision) ? precision : undefined,
	);
	const [min, max] = [method?.min_amount, method?.max_amount];
	if (
		method &&
		isDecimal(min) &&
		isDecimal(max) &&
		(compareDecimals(amount, min) < 0 || compareDecimals(amount, max) > 0)
	) {
		throw fail(
			`Amount ${amount} ${currency} is outside the ${String(method.code)} limits: ${min} to ${max}`,
		);
	}
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const beneficiary = compact((extra.beneficiary as IDataObject) ?? {});
	if (method?.is_tag_required && !String(extra.tag ?? '').trim()) {
		throw fail(`${String(method.code)} needs a destination Tag / Memo (Additional Fields)`);
	}
	if (method?.is_beneficiary_required && !Object.keys(beneficiary).length) {
		throw fail(`${String(method.code)} needs Beneficiary details (Additional Fields)`);
	}
	const exact = extra.receive_mode === 'exact' || extra.receive_mode === 'exactTrue';
	const fees = method && feeQuote(method, amount, exact);
	const quote: IDataObject | undefined = fees && { currency, ...fees };
	if (quote && !exact && compareDecimals(amount, String(quote.fee)) <= 0) {
		throw fail(
			`Amount ${amount} ${currency} does not exceed the ${String(method!.code)} fee of ${String(quote.fee)}`,
		);
	}
	const body = await createBody.call(
		this,
		itemIndex,
		{
			currency,
			method: methodCode ? String(method?.code ?? methodCode) : undefined,
			amount,
			address: String(this.getNodeParameter('address', itemIndex)),
			tag: extra.tag,
			beneficiary: Object.keys(beneficiary).length ? beneficiary : undefined,
		},
		{
			receive_mode: exact ? (extra.receive_mode === 'exactTrue' ? true : 'exact') : undefined,
			address_book_code: extra.address_book_code,
		},
	);
	if (methodCode && !method) sentUnlisted(body, 'method');
	return { body, method, quote };
}

/** Fields whose 001k rejection the methods list would have predicted. */
const LISTED_FIELDS = ['currency', 'method', 'amount', 'tag', 'beneficiary'];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const created = await checkThenCreate(
		this,
		itemIndex,
		LISTED_FIELDS,
		(lists) => checkedRequest.call(this, itemIndex, lists),
		async ({ body, method, quote }) => {
			if (!this.getNodeParameter('amlGate', itemIndex, false)) {
				return await createOrPreview.call(
					this,
					itemIndex,
					'withdrawal',
					'POST /withdraw',
					body,
					quote && (() => quote),
				);
			}
			if (!method) {
				throw new NodeOperationError(
					this.getNode(),
					"The AML Gate needs the withdrawal method's network, and the methods list could not be read now (rate limit or unrecognised answer) or does not list this method; nothing was sent",
					{ itemIndex },
				);
			}
			const gate = await amlGateRequest.call(this, itemIndex, method, body);
			if (isDryRun.call(this, itemIndex)) {
				const amlCheck = await previewRequest.call(this, itemIndex, 'POST /aml/check', gate.body);
				return {
					...(await previewRequest.call(this, itemIndex, 'POST /withdraw', body)),
					quote,
					amlCheck,
				};
			}
			// A withdrawal the policy refuses must not cost an AML check first.
			await assertPolicyAllows.call(this, itemIndex, 'POST /withdraw', body);
			const amlCheck = await passAmlGate.call(this, itemIndex, gate);
			return {
				...(await createOnce.call(this, itemIndex, 'withdrawal', 'POST /withdraw', body)),
				amlCheck,
			};
		},
		// Behind the AML Gate a low balance may be the AML check's currency: 001k's words stand.
		({ body }) =>
			this.getNodeParameter('amlGate', itemIndex, false) ? undefined : String(body.currency),
	);
	return [created];
}
