import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	const { timestamp } = (await apiRequest.call(this, { route: 'GET /status' })) as {
		timestamp: number;
	};
	return [
		{
			timestamp,
			iso: new Date(timestamp).toISOString(),
			differenceFromThisServerMs: timestamp - Date.now(),
		},
	];
}
