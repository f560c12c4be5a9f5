import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	methodCurrency,
	methodsOmitCurrency,
	methodsOfCurrency,
	pairPrice,
	sharedList,
} from '../helpers/catalog';
import { displayDecimal as d } from '../../shared/decimal';
import { editorError } from '../../shared/transport/errors';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

function currentCurrency(this: ILoadOptionsFunctions): string {
	return String(this.getCurrentNodeParameter('currency') ?? '').toUpperCase();
}

/** GET /currency's currencies, without those whose `deposit` or `withdraw` list says they have no such method. */
async function currencyOptions(
	this: ILoadOptionsFunctions,
	usableFor?: 'deposit' | 'withdraw',
): Promise<INodePropertyOptions[]> {
	const currencies = await sharedList.call(this, 'GET /currency');
	return currencies
		.filter((c) => !usableFor || !Array.isArray(c[usableFor]) || c[usableFor].length > 0)
		.map((c) => ({
			name: `${c.code} — ${c.name}`,
			value: String(c.code),
			description: `Precision ${c.precision}`,
		}))
		.sort(byName);
}

async function getCurrenciesRaw(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await currencyOptions.call(this);
}

/** Only currencies that can be withdrawn: AML check credits, say, cannot. */
async function getWithdrawalCurrenciesRaw(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await currencyOptions.call(this, 'withdraw');
}

async function getDepositCurrenciesRaw(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await currencyOptions.call(this, 'deposit');
}

function methodOptions(methods: IDataObject[], currency: string): INodePropertyOptions[] {
	return methods
		.filter((m) => !currency || methodCurrency(m) === currency)
		.filter((m) => m.is_enabled !== false && m.is_active !== false)
		.map((m) => ({
			name: `${String(m.name ?? m.code)}${m.network ? ` (${typeof m.network === 'object' ? (m.network as IDataObject).name : m.network})` : ''}`,
			value: String(m.code),
			description: `Min ${d(m.min_amount)}, max ${d(m.max_amount)}, fee ${d(m.fee_percent)}% + ${d(m.fee_absolute)}`,
		}));
}

async function getDepositMethodsRaw(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return methodOptions(
		await sharedList.call(this, 'GET /deposit-methods'),
		currentCurrency.call(this),
	);
}

async function getWithdrawalMethodsRaw(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const methods = await sharedList.call(this, 'GET /withdrawal-methods');
	const currency = currentCurrency.call(this);
	if (!currency || !methodsOmitCurrency(methods)) return methodOptions(methods, currency);
	const ofCurrency = methodsOfCurrency(
		methods,
		currency,
		await sharedList.call(this, 'GET /currency'),
	);
	return methodOptions(ofCurrency ?? methods, '');
}

async function getSwapDirectionsRaw(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const directions = await sharedList.call(this, 'GET /swap-directions');
	return directions
		.filter((x) => x.is_enabled !== false)
		.map((x) => ({
			name: `${x.spend_currency} → ${x.receive_currency}`,
			value: String(x.code),
			description: `Spend ${d(x.min_spend_amount)}–${d(x.max_spend_amount)} ${x.spend_currency}, fee ${d(x.fee_percent)}%`,
		}))
		.sort(byName);
}

async function getLimitPairsRaw(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pairs = await sharedList.call(this, 'GET /limit-pairs');
	return pairs
		.filter((p) => p.is_enabled !== false)
		.map((p) => ({
			name: `${p.base_currency}/${p.quote_currency}`,
			value: String(p.symbol),
			description: `Latest price ${pairPrice(p) === null ? 'n/a' : d(pairPrice(p))}, fee ${d(p.fee_percent)}%`,
		}))
		.sort(byName);
}

async function getAmlTokensRaw(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tokens = await sharedList.call(this, 'GET /aml/token');
	return tokens
		.map((t) => ({ name: `${t.name} (${t.symbol}, ${t.network})`, value: Number(t.id) }))
		.sort(byName);
}

async function getAmlPlansRaw(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const plans = await sharedList.call(this, 'GET /aml/plan');
	return plans.map((p) => ({
		name: String(p.name),
		value: String(p.code),
		description: `${d(p.price)} ${p.currency} per check`,
	}));
}

/** A loader whose failure reaches the editor's tooltip as one readable sentence (see editorError). */
function readable(
	load: (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions) {
		try {
			return await load.call(this);
		} catch (error) {
			throw editorError(this.getNode(), error);
		}
	};
}

export const getCurrencies = readable(getCurrenciesRaw);
export const getWithdrawalCurrencies = readable(getWithdrawalCurrenciesRaw);
export const getDepositCurrencies = readable(getDepositCurrenciesRaw);
export const getDepositMethods = readable(getDepositMethodsRaw);
export const getWithdrawalMethods = readable(getWithdrawalMethodsRaw);
export const getSwapDirections = readable(getSwapDirectionsRaw);
export const getLimitPairs = readable(getLimitPairsRaw);
export const getAmlTokens = readable(getAmlTokensRaw);
export const getAmlPlans = readable(getAmlPlansRaw);

/** An optional dropdown lists its empty value as a choice, so n8n's editor accepts the untouched default. */
function withEmptyChoice(
	name: string,
	description: string,
	load: (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions) {
		return [{ name, value: '', description }, ...(await load.call(this))];
	};
}

export const getCurrenciesOrAny = withEmptyChoice(
	'Any Currency',
	'No currency filter',
	getCurrencies,
);
export const getWithdrawalMethodsOrDefault = withEmptyChoice(
	"Currency's Default Method",
	'Let 001k pick the default method of the currency',
	getWithdrawalMethods,
);
export const getDepositMethodsOrDefault = withEmptyChoice(
	"Currency's Default Method",
	'Let 001k pick the default method of the currency',
	getDepositMethods,
);
export const getSwapDirectionsOrAny = withEmptyChoice(
	'Any Direction',
	'No direction filter',
	getSwapDirections,
);
export const getLimitPairsOrAny = withEmptyChoice('Any Pair', 'No pair filter', getLimitPairs);
export const getAmlPlansOrAny = withEmptyChoice('Any Plan', 'No plan filter', getAmlPlans);
export const getAmlTokensOrAny = withEmptyChoice('Any Token', 'No token filter', getAmlTokens);
