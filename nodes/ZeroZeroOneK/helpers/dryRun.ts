import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildPath } from '../../shared/transport';
import type { Route } from '../../shared/endpoints';
import { createOnce } from './exactlyOnce';
import type { OperationTypeName } from '../../shared/operationTypes';
import { assertPolicyAllows } from './policy';

export interface RequestPreview extends IDataObject {
	dryRun: true;
	method: string;
	path: string;
	body: IDataObject;
	/** The exact text the credential signs and sends: it serializes the body with JSON.stringify once. */
	rawBody: string;
}

/**
 * The request a create would send, checked against the credential's spending policy as signing
 * would check it, but not sent. Contains neither the keys nor a signature.
 */
export async function previewRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	route: Route,
	body: IDataObject,
): Promise<RequestPreview> {
	const method = route.slice(0, route.indexOf(' '));
	const path = buildPath(route);
	await assertPolicyAllows.call(this, itemIndex, route, body);
	return { dryRun: true, method, path, body, rawBody: JSON.stringify(body) };
}

export function isDryRun(this: IExecuteFunctions, itemIndex: number): boolean {
	return this.getNodeParameter('dryRun', itemIndex, false) === true;
}

/**
 * A money-moving create: sent exactly once, or with "Dry Run" on, output as the request it would
 * be, plus the fees and totals `quote` derives from the API's reference lists.
 */
export async function createOrPreview(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	route: Route,
	body: IDataObject,
	quote?: () => IDataObject | Promise<IDataObject>,
): Promise<IDataObject> {
	if (!isDryRun.call(this, itemIndex))
		return await createOnce.call(this, itemIndex, type, route, body);
	const preview = await previewRequest.call(this, itemIndex, route, body);
	return quote ? { ...preview, quote: await quote() } : preview;
}
