# The doc's Python client (§4.1 "Authentication") and its usage examples, as printed, re-indented
# (the PDF text lost Python's indentation). Only the base URL and the keys come from the command line.
import hashlib
import hmac
import time
import requests
import json
import sys

class ApiClient:
    def __init__(self, base_url, access_key, secret_key):
        self.base_url = base_url.rstrip('/')
        self.access_key = access_key
        self.secret_key = secret_key

    def _get_timestamp(self):
        return str(int(time.time() * 1000))

    def _generate_signature(self, path, timestamp, body=''):
        message = f"{self.access_key}{path}{timestamp}{body}"
        signature = hmac.new(
            self.secret_key.encode('utf-8'),
            message.encode('utf-8'),
            hashlib.sha256
        ).hexdigest()
        return signature

    def request(self, method, endpoint, params=None, data=None):
        path = f"/api/v1{endpoint}"
        url = f"{self.base_url}{path}"

        timestamp = self._get_timestamp()

        headers = {
            'X-Access-Key': self.access_key,
            'X-Timestamp': timestamp,
        }

        if method.upper() in ['POST', 'PUT', 'PATCH'] and data is not None:
            body = json.dumps(data)
            headers['Content-Type'] = 'application/json'
        else:
            body = ''

        headers['X-Signature'] = self._generate_signature(path, timestamp, body)

        response = requests.request(
            method=method,
            url=url,
            params=params,
            data=body if body else None,
            headers=headers
        )

        return response.json()

    def get(self, endpoint, params=None):
        return self.request('GET', endpoint, params=params)

    def post(self, endpoint, data=None):
        return self.request('POST', endpoint, data=data)


BASE, ACCESS, SECRET = sys.argv[1], sys.argv[2], sys.argv[3]

# Check Server Status
status = requests.get(f'{BASE}/api/v1/status').json()
print(f"Server timestamp: {status['timestamp']}")

# Get Account Balances
api = ApiClient(BASE, ACCESS, SECRET)
balances = api.get('/balance')
for balance in balances:
    print(f"{balance['currency']}: {balance['available']} (available), {balance['frozen']} (frozen)")

# Generate Deposit Address
response = api.post('/deposit/generate_address', {
    'currency': 'BTC',
    'method': 'btc_native',
    'callback_url': 'https://your-server.com/callbacks/deposits',
    'custom_id': 'my-deposit-address-123'
})
print(f"Deposit address: {response['address']}")
if response.get('tag'):
    print(f"Tag: {response['tag']}")

# Create Withdrawal
response = api.post('/withdraw', {
    'currency': 'BTC',
    'method': 'btc_native',
    'amount': '0.01000000',
    'address': 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
    'callback_url': 'https://your-server.com/callbacks/withdrawals',
    'custom_id': 'my-withdrawal-123'
})
print(f"Withdrawal created: {response['code']}")
print(f"Status: {response['status']}")

# Create Swap
directions = api.get('/swap-directions')
for direction in directions:
    print(f"{direction['code']}: {direction['spend_currency']} -> {direction['receive_currency']} (rate: {direction['rate']})")
response = api.post('/swap/open', {
    'direction': 'BTC-USDT',
    'spend_amount': '0.01000000',
    'callback_url': 'https://your-server.com/callbacks/swaps',
    'custom_id': 'my-swap-123'
})
print(f"Swap created: {response['code']}")
print(f"Spend: {response['spend_amount']} {response['spend_currency']}")
print(f"Receive: {response['receive_amount']} {response['receive_currency']}")
print(f"Status: {response['status']}")

# Create Internal Transfer
response = api.post('/internal-transfer', {
    'currency_code': 'BTC',
    'amount': '0.01000000',
    'recipient': 'user123',
    'callback_url': 'https://your-server.com/callbacks/transfers',
    'custom_id': 'my-transfer-123',
    'note': 'Payment for services'
})
print(f"Transfer created: {response['code']}")
print(f"Status: {response['status']}")

# Create Limit Order
pairs = api.get('/limit-pairs')
for pair in pairs:
    print(f"{pair['symbol']}: {pair['current_price']} (fee: {pair['fee_percent']}%)")
response = api.post('/limit-order', {
    'pair': 'BTCUSDT',
    'side': 'buy',
    'receive_amount': '0.01000000',
    'limit_price': '29000.00',
    'callback_url': 'https://your-server.com/callbacks/orders',
    'custom_id': 'my-order-123'
})
print(f"Order created: {response['code']}")
print(f"Status: {response['status']}")
print(f"Base amount: {response['base_amount']}")
print(f"Quote amount: {response['quote_amount']}")
print(f"Filled base amount: {response['filled_base_amount']}")
print(f"Filled quote amount: {response['filled_quote_amount']}")
print(f"Fee currency: {response['fee_currency']}")
print(f"Filled fee amount: {response['filled_fee_amount']}")
print(f"Created at: {response['created_at']}")
print(f"Updated at: {response['updated_at']}")
print(f"Done at: {response.get('done_at', 'N/A')}")

# Create AML Check
plans = api.get('/aml/plan')
tokens = api.get('/aml/token')
for plan in plans:
    print(f"Plan: {plan['code']} - {plan['name']} (price: {plan['price']} {plan['currency']})")
for token in tokens:
    print(f"Token: {token['symbol']} on {token['network']} (ID: {token['id']})")
response = api.post('/aml/check', {
    'direction': 'withdrawal',
    'token': 1, # Bitcoin
    'address': 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
    'callback_url': 'https://your-server.com/callbacks/aml',
    'custom_id': 'my-aml-check-123'
})
print(f"AML check created: {response['code']}")
print(f"Status: {response['status']}")
print(f"Direction: {response['direction']}")
print(f"Token: {response['token']}")
print(f"Address: {response['address']}")
print(f"Transaction: {response.get('transaction', 'N/A')}")
print(f"Created at: {response['created_at']}")
print(f"Updated at: {response['updated_at']}")
if response.get('report'):
    print(f"Report status: {response['report']['status']}")
    print(f"Risk score: {response['report']['riskscore']}")
    print(f"Alert grade: {response['report']['alert_grade']}")
