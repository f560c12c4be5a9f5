import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import { apiRequestAll } from '../../shared/transport/pagination';
import {
	OPERATION_TYPES,
	typeOfListRoute,
	type GetRoute,
	type ListRoute,
} from '../../shared/operationTypes';
import { isoDate, readLimit } from './parameters';

/** Get Many: Return All / Limit plus the operation's filters (empty ones dropped, dates normalized). */
export async function getMany(
	this: IExecuteFunctions,
	itemIndex: number,
	route: ListRoute,
): Promise<IDataObject[]> {
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(filters)) {
		if (value === '' || value === undefined || value === null) continue;
		qs[key] =
			key === 'start_at' || key === 'end_at' ? isoDate.call(this, value, key, itemIndex) : value;
	}
	const { timeField } = OPERATION_TYPES[typeOfListRoute(route)];
	return await apiRequestAll.call(this, { route, qs, timeField, max: limit });
}

/** Get: one operation by code. */
export async function getOne(
	this: IExecuteFunctions,
	itemIndex: number,
	route: GetRoute,
): Promise<IDataObject> {
	const code = String(this.getNodeParameter('code', itemIndex, '')).trim();
	return (await apiRequest.call(this, { route, code })) as IDataObject;
}
