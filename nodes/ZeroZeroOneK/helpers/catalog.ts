import type { IDataObject } from 'n8n-workflow';

import { apiRequest, type ApiContext } from '../transport';
import type { Route } from '../transport/endpoints';

/**
 * The API's reference lists (methods, directions, pairs, tokens…). They carry the precision and
 * limits that amounts are checked against, and several have a 30-requests-a-minute limit, so each
 * is read at most once per node run and shared by all its items.
 */
const cache = new WeakMap<object, Map<Route, Promise<IDataObject[]>>>();

export async function referenceList(this: ApiContext, route: Route): Promise<IDataObject[]> {
	let lists = cache.get(this);
	if (!lists) {
		lists = new Map();
		cache.set(this, lists);
	}
	let list = lists.get(route);
	if (!list) {
		list = apiRequest.call(this, { route }) as Promise<IDataObject[]>;
		lists.set(route, list);
		list.catch(() => lists!.delete(route));
	}
	return await list;
}

/** The currency code a method belongs to (`currency` is a code on withdrawal methods, an object on deposit methods). */
export function methodCurrency(method: IDataObject): string {
	const currency = method.currency as IDataObject | string | undefined;
	return String(typeof currency === 'object' && currency ? currency.code : (currency ?? '')).toUpperCase();
}

export async function findByKey(
	this: ApiContext,
	route: Route,
	key: string,
	value: string,
): Promise<IDataObject | undefined> {
	const list = await referenceList.call(this, route);
	return list.find((entry) => String(entry[key]).toLowerCase() === value.toLowerCase());
}
