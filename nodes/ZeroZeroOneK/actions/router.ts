import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as amlCheck from './amlCheck/AmlCheck.resource';
import * as currency from './currency/Currency.resource';
import * as deposit from './deposit/Deposit.resource';
import * as internalTransfer from './internalTransfer/InternalTransfer.resource';
import * as limitOrder from './limitOrder/LimitOrder.resource';
import * as swap from './swap/Swap.resource';
import * as withdrawal from './withdrawal/Withdrawal.resource';
import type { ZeroZeroOneKMap, ZeroZeroOneKType } from './node.type';

type Operation = { execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> };

/**
 * Every resource/operation pair and the file that runs it. Typed by the map in node.type.ts: a pair
 * missing here, one the map does not name, or a file without a matching `execute` fails the build.
 */
export const operations: { [R in keyof ZeroZeroOneKMap]: Record<ZeroZeroOneKMap[R], Operation> } = {
	account: { getBalances: account.getBalances, getServerTime: account.getServerTime },
	amlCheck: {
		create: amlCheck.create,
		get: amlCheck.get,
		getAll: amlCheck.getAll,
		getPlans: amlCheck.getPlans,
		getTokens: amlCheck.getTokens,
	},
	currency: { getAll: currency.getAll },
	deposit: {
		generateAddress: deposit.generateAddress,
		get: deposit.get,
		getAll: deposit.getAll,
		getMethods: deposit.getMethods,
	},
	internalTransfer: {
		create: internalTransfer.create,
		get: internalTransfer.get,
		getAll: internalTransfer.getAll,
	},
	limitOrder: {
		cancel: limitOrder.cancel,
		create: limitOrder.create,
		get: limitOrder.get,
		getAll: limitOrder.getAll,
		getPairs: limitOrder.getPairs,
	},
	swap: {
		cancel: swap.cancel,
		create: swap.create,
		get: swap.get,
		getAll: swap.getAll,
		getDirections: swap.getDirections,
	},
	withdrawal: {
		create: withdrawal.create,
		get: withdrawal.get,
		getAll: withdrawal.getAll,
		getMethods: withdrawal.getMethods,
	},
};

/** The stored parameters as a known pair, or undefined (a workflow may carry any string). */
function knownPair(resource: string, operation: string): ZeroZeroOneKType | undefined {
	if (!Object.hasOwn(operations, resource)) return undefined;
	const pair = { resource, operation } as ZeroZeroOneKType;
	return Object.hasOwn(operations[pair.resource], operation) ? pair : undefined;
}

function operationFor(pair: ZeroZeroOneKType): Operation {
	return (operations[pair.resource] as Record<string, Operation>)[pair.operation];
}

/** Keeps the API's own errors as they are; wraps anything else so n8n shows it properly. */
function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** Dispatches each item to `<resource>/<operation>.operation.ts`; one item's failure never loses the others. */
export async function router(
	this: IExecuteFunctions,
	continueOnFail: boolean,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		let failure: unknown;
		try {
			const pair = knownPair(resource, operation);
			if (!pair) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" is not known for "${resource}"`,
				);
			}
			const results = await operationFor(pair).execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			failure = error;
		}
		if (failure === undefined) continue;
		const nodeError = asNodeError.call(this, failure, itemIndex);
		if (!continueOnFail) throw nodeError;
		// An operation may attach what it learned before failing (e.g. the AML gate's report).
		const extra = (nodeError.context.output ?? {}) as IDataObject;
		output.push({
			json: { error: nodeError.message, description: nodeError.description ?? null, ...extra },
			pairedItem: { item: itemIndex },
		});
	}
	return [output];
}
