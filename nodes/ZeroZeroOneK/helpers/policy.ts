import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { policyRefusal } from '../../../credentials/spendingPolicy';
import { buildPath, CREDENTIAL_TYPE } from '../transport';
import type { Route } from '../transport/endpoints';

/**
 * The credential's spending policy applied to a create before anything is sent or looked up, as
 * signing would apply it to the same JSON: a refusal is the item's error, never a lost answer.
 */
export async function assertPolicyAllows(this: IExecuteFunctions, itemIndex: number, route: Route, body: IDataObject): Promise<void> {
	const method = route.slice(0, route.indexOf(' '));
	const refusal = policyRefusal(await this.getCredentials(CREDENTIAL_TYPE), method, buildPath(route), JSON.stringify(body));
	if (refusal) throw new NodeOperationError(this.getNode(), refusal, { itemIndex });
}
