import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { methodCurrency, methodsOmitCurrency, methodsOfCurrency, sharedList } from '../helpers/catalog';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

function currentCurrency(this: ILoadOptionsFunctions): string {
	return String(this.getCurrentNodeParameter('currency') ?? '').toUpperCase();
}

export async function getCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const currencies = await sharedList.call(this, 'GET /currency');
	return currencies
		.map((c) => ({ name: `${c.code} — ${c.name}`, value: String(c.code), description: `Precision ${c.precision}` }))
		.sort(byName);
}

function methodOptions(methods: IDataObject[], currency: string): INodePropertyOptions[] {
	return methods
		.filter((m) => !currency || methodCurrency(m) === currency)
		.filter((m) => m.is_enabled !== false && m.is_active !== false)
		.map((m) => ({
			name: `${String(m.name ?? m.code)}${m.network ? ` (${typeof m.network === 'object' ? (m.network as IDataObject).name : m.network})` : ''}`,
			value: String(m.code),
			description: `Min ${m.min_amount}, max ${m.max_amount}, fee ${m.fee_percent}% + ${m.fee_absolute}`,
		}));
}

export async function getDepositMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return methodOptions(await sharedList.call(this, 'GET /deposit-methods'), currentCurrency.call(this));
}

export async function getWithdrawalMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const methods = await sharedList.call(this, 'GET /withdrawal-methods');
	const currency = currentCurrency.call(this);
	if (!currency || !methodsOmitCurrency(methods)) return methodOptions(methods, currency);
	const ofCurrency = methodsOfCurrency(methods, currency, await sharedList.call(this, 'GET /currency'));
	return methodOptions(ofCurrency ?? methods, '');
}

export async function getSwapDirections(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const directions = await sharedList.call(this, 'GET /swap-directions');
	return directions
		.filter((d) => d.is_enabled !== false)
		.map((d) => ({
			name: `${d.spend_currency} → ${d.receive_currency}`,
			value: String(d.code),
			description: `Spend ${d.min_spend_amount}–${d.max_spend_amount} ${d.spend_currency}, fee ${d.fee_percent}%`,
		}))
		.sort(byName);
}

export async function getLimitPairs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pairs = await sharedList.call(this, 'GET /limit-pairs');
	return pairs
		.filter((p) => p.is_enabled !== false)
		.map((p) => ({
			name: `${p.base_currency}/${p.quote_currency}`,
			value: String(p.symbol),
			description: `Latest price ${p.latest_price ?? 'n/a'}, fee ${p.fee_percent}%`,
		}))
		.sort(byName);
}

export async function getAmlTokens(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tokens = await sharedList.call(this, 'GET /aml/token');
	return tokens.map((t) => ({ name: `${t.name} (${t.symbol}, ${t.network})`, value: Number(t.id) })).sort(byName);
}

export async function getAmlPlans(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const plans = await sharedList.call(this, 'GET /aml/plan');
	return plans.map((p) => ({ name: String(p.name), value: String(p.code), description: `${p.price} ${p.currency} per check` }));
}
