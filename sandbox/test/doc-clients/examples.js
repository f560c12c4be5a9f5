// The doc's JavaScript usage examples (§4.3), as printed, one after the other; only the base URL and
// the keys come from the command line. Each example catches its own errors and prints "Error: …".
const axios = require('axios');
const ApiClient = require('./api-client');

const [BASE, ACCESS, SECRET] = process.argv.slice(2);
const client = () => new ApiClient(BASE, ACCESS, SECRET);

async function status() {
	try {
		const statusResponse = await axios.get(`${BASE}/api/v1/status`);
		console.log(`Server timestamp: ${statusResponse.data.timestamp}`);
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function getBalances() {
	try {
		const api = client();
		const balances = await api.get('/balance');
		balances.forEach((balance) => {
			console.log(
				`${balance.currency}: ${balance.available} (available), ${balance.frozen} (frozen)`,
			);
		});
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function generateDepositAddress() {
	try {
		const api = client();
		const response = await api.post('/deposit/generate_address', {
			currency: 'BTC',
			method: 'btc_native',
			callback_url: 'https://your-server.com/callbacks/deposits',
			custom_id: 'my-deposit-address-123',
		});
		console.log(`Deposit address: ${response.address}`);
		if (response.tag) {
			console.log(`Tag: ${response.tag}`);
		}
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function createWithdrawal() {
	try {
		const api = client();
		const response = await api.post('/withdraw', {
			currency: 'BTC',
			method: 'btc_native',
			amount: '0.01000000',
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			callback_url: 'https://your-server.com/callbacks/withdrawals',
			custom_id: 'my-withdrawal-123',
		});
		console.log(`Withdrawal created: ${response.code}`);
		console.log(`Status: ${response.status}`);
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function createSwap() {
	try {
		const api = client();
		const directions = await api.get('/swap-directions');
		directions.forEach((direction) => {
			console.log(
				`${direction.code}: ${direction.spend_currency} -> ${direction.receive_currency} (rate: ${direction.rate})`,
			);
		});
		const response = await api.post('/swap/open', {
			direction: 'BTC-USDT',
			spend_amount: '0.01000000',
			callback_url: 'https://your-server.com/callbacks/swaps',
			custom_id: 'my-swap-123',
		});
		console.log(`Swap created: ${response.code}`);
		console.log(`Spend: ${response.spend_amount} ${response.spend_currency}`);
		console.log(`Receive: ${response.receive_amount} ${response.receive_currency}`);
		console.log(`Status: ${response.status}`);
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function createTransfer() {
	try {
		const api = client();
		const response = await api.post('/internal-transfer', {
			currency_code: 'BTC',
			amount: '0.01000000',
			recipient: 'user123',
			callback_url: 'https://your-server.com/callbacks/transfers',
			custom_id: 'my-transfer-123',
			note: 'Payment for services',
		});
		console.log(`Transfer created: ${response.code}`);
		console.log(`Status: ${response.status}`);
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function createLimitOrder() {
	try {
		const api = client();
		const pairs = await api.get('/limit-pairs');
		pairs.forEach((pair) => {
			console.log(`${pair.symbol}: ${pair.current_price} (fee: ${pair.fee_percent}%)`);
		});
		const response = await api.post('/limit-order', {
			pair: 'BTCUSDT',
			side: 'buy',
			receive_amount: '0.01000000',
			limit_price: '29000.00',
			callback_url: 'https://your-server.com/callbacks/orders',
			custom_id: 'my-order-123',
		});
		console.log(`Order created: ${response.code}`);
		console.log(`Status: ${response.status}`);
		console.log(`Base amount: ${response.base_amount}`);
		console.log(`Quote amount: ${response.quote_amount}`);
		console.log(`Filled base amount: ${response.filled_base_amount}`);
		console.log(`Filled quote amount: ${response.filled_quote_amount}`);
		console.log(`Fee currency: ${response.fee_currency}`);
		console.log(`Filled fee amount: ${response.filled_fee_amount}`);
		console.log(`Created at: ${response.created_at}`);
		console.log(`Updated at: ${response.updated_at}`);
		console.log(`Done at: ${response.done_at || 'N/A'}`);
	} catch (error) {
		console.error('Error:', error.message);
	}
}

async function createAmlCheck() {
	try {
		const api = client();
		const plans = await api.get('/aml/plan');
		const tokens = await api.get('/aml/token');
		plans.forEach((plan) => {
			console.log(`Plan: ${plan.code} - ${plan.name} (price: ${plan.price} ${plan.currency})`);
		});
		tokens.forEach((token) => {
			console.log(`Token: ${token.symbol} on ${token.network} (ID: ${token.id})`);
		});
		const response = await api.post('/aml/check', {
			direction: 'withdrawal',
			token: 1, // Bitcoin
			address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
			callback_url: 'https://your-server.com/callbacks/aml',
			custom_id: 'my-aml-check-123',
		});
		console.log(`AML check created: ${response.code}`);
		console.log(`Status: ${response.status}`);
		console.log(`Direction: ${response.direction}`);
		console.log(`Token: ${response.token}`);
		console.log(`Address: ${response.address}`);
		console.log(`Transaction: ${response.transaction || 'N/A'}`);
		console.log(`Created at: ${response.created_at}`);
		console.log(`Updated at: ${response.updated_at}`);
		if (response.report) {
			console.log(`Report status: ${response.report.status}`);
			console.log(`Risk score: ${response.report.riskscore}`);
			console.log(`Alert grade: ${response.report.alert_grade}`);
		}
	} catch (error) {
		console.error('Error:', error.message);
	}
}

(async () => {
	for (const example of [
		status,
		getBalances,
		generateDepositAddress,
		createWithdrawal,
		createSwap,
		createTransfer,
		createLimitOrder,
		createAmlCheck,
	]) {
		await example();
	}
})();
