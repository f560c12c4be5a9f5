import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import { apiErrorOf } from '../../shared/transport/errors';

// The doc names no code for a balance too low: any code or message that says so counts.
const CODE =
	/(insufficient|not[._-]?enough|low)[._-]?(balance|funds?)|(balance|funds?)[._-]?(insufficient|not[._-]?enough|too[._-]?low)/i;
const MESSAGE =
	/\b(insufficient|not enough)\b[^.]*\b(balance|funds)\b|\b(balance|funds)\b[^.]*\b(insufficient|too low)\b/i;

/** 001k refused a create because the balance is too low (a 4xx verdict: nothing was created). */
export function isInsufficientBalance(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	if (!(status >= 400 && status < 500) || [401, 403, 404, 429].includes(status)) return false;
	const { code } = apiErrorOf(error);
	const said = (error.errorResponse as { message?: unknown } | undefined)?.message;
	return CODE.test(code ?? '') || MESSAGE.test(typeof said === 'string' ? said : error.message);
}

/**
 * The refusal restated with the balance of the currency the create spends (GET /balance), as
 * 001k's decimal strings: what is available and what pending operations hold.
 */
export async function insufficientBalanceError(
	context: IExecuteFunctions,
	itemIndex: number,
	error: NodeApiError,
	currency: string,
): Promise<NodeApiError> {
	const { code } = apiErrorOf(error);
	const tag = code ? ` [${code}]` : '';
	let balance: IDataObject | undefined;
	try {
		const balances = (await apiRequest.call(context, { route: 'GET /balance', noWait: true })) as
			IDataObject[] | undefined;
		balance = Array.isArray(balances)
			? balances.find((b) => String(b.currency).toUpperCase() === currency.toUpperCase())
			: undefined;
	} catch {
		// The refusal stands without the figures; the message says they could not be read.
	}
	const figures = balance
		? `available ${String(balance.available)} ${currency}, frozen ${String(balance.frozen)} ${currency}`
		: 'the balance could not be read now';
	return new NodeApiError(context.getNode(), (error.errorResponse ?? {}) as JsonObject, {
		message: `Not enough ${currency} on 001k for this request (${figures})${tag}`,
		description:
			'Lower the amount (fees included) to at most the available balance, wait until pending operations release the frozen part, or deposit more; nothing was created.',
		httpCode: error.httpCode ?? undefined,
		itemIndex,
	});
}
