<?php
// The doc's PHP client (§4.2 "Authentication") and its usage examples, as printed; only the base URL
// and the keys come from the command line. Not run on machines without php (the test says so).

class ApiClient {
    private $baseUrl;
    private $accessKey;
    private $secretKey;

    public function __construct($baseUrl, $accessKey, $secretKey) {
        $this->baseUrl = rtrim($baseUrl, '/');
        $this->accessKey = $accessKey;
        $this->secretKey = $secretKey;
    }

    private function getTimestamp() {
        return (string)(int)(microtime(true) * 1000);
    }

    private function generateSignature($path, $timestamp, $body = '') {
        $message = $this->accessKey . $path . $timestamp . $body;
        $signature = hash_hmac('sha256', $message, $this->secretKey);
        return $signature;
    }

    public function request($method, $endpoint, $params = [], $data = null) {
        $path = "/api/v1" . $endpoint;
        $url = $this->baseUrl . $path;

        $timestamp = $this->getTimestamp();

        $headers = [
            'X-Access-Key: ' . $this->accessKey,
            'X-Timestamp: ' . $timestamp
        ];

        $body = '';
        if (in_array(strtoupper($method), ['POST', 'PUT', 'PATCH']) && $data !== null) {
            $body = json_encode($data);
            $headers[] = 'Content-Type: application/json';
        }

        $headers[] = 'X-Signature: ' . $this->generateSignature($path, $timestamp, $body);

        $ch = curl_init();

        if (strtoupper($method) === 'GET' && !empty($params)) {
            $url .= '?' . http_build_query($params);
        }

        curl_setopt($ch, CURLOPT_URL, $url);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);

        switch (strtoupper($method)) {
            case 'POST':
                curl_setopt($ch, CURLOPT_POST, true);
                curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
                break;
            case 'PUT':
                curl_setopt($ch, CURLOPT_CUSTOMREQUEST, 'PUT');
                curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
                break;
            case 'DELETE':
                curl_setopt($ch, CURLOPT_CUSTOMREQUEST, 'DELETE');
                break;
            default:
                // GET
                break;
        }

        $response = curl_exec($ch);
        $error = curl_error($ch);
        curl_close($ch);

        if ($error) {
            throw new Exception("cURL Error: $error");
        }

        return json_decode($response, true);
    }

    public function get($endpoint, $params = []) {
        return $this->request('GET', $endpoint, $params);
    }

    public function post($endpoint, $data = []) {
        return $this->request('POST', $endpoint, [], $data);
    }
}

[, $base, $access, $secret] = $argv;

$ch = curl_init($base . '/api/v1/status');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$response = curl_exec($ch);
curl_close($ch);
$status = json_decode($response, true);
echo "Server timestamp: " . $status['timestamp'] . "\n";

$api = new ApiClient($base, $access, $secret);

$balances = $api->get('/balance');
foreach ($balances as $balance) {
    echo $balance['currency'] . ': ' . $balance['available'] . ' (available), ' . $balance['frozen'] . " (frozen)\n";
}

$response = $api->post('/deposit/generate_address', [
    'currency' => 'BTC',
    'method' => 'btc_native',
    'callback_url' => 'https://your-server.com/callbacks/deposits',
    'custom_id' => 'my-deposit-address-123'
]);
echo "Deposit address: " . $response['address'] . "\n";
if (isset($response['tag'])) {
    echo "Tag: " . $response['tag'] . "\n";
}

$response = $api->post('/withdraw', [
    'currency' => 'BTC',
    'method' => 'btc_native',
    'amount' => '0.01000000',
    'address' => 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
    'callback_url' => 'https://your-server.com/callbacks/withdrawals',
    'custom_id' => 'my-withdrawal-123'
]);
echo "Withdrawal created: " . $response['code'] . "\n";
echo "Status: " . $response['status'] . "\n";

$directions = $api->get('/swap-directions');
foreach ($directions as $direction) {
    echo $direction['code'] . ': ' . $direction['spend_currency'] . ' -> '
        . $direction['receive_currency'] . ' (rate: ' . $direction['rate'] . ")\n";
}
$response = $api->post('/swap/open', [
    'direction' => 'BTC-USDT',
    'spend_amount' => '0.01000000',
    'callback_url' => 'https://your-server.com/callbacks/swaps',
    'custom_id' => 'my-swap-123'
]);
echo "Swap created: " . $response['code'] . "\n";
echo "Spend: " . $response['spend_amount'] . ' ' . $response['spend_currency'] . "\n";
echo "Receive: " . $response['receive_amount'] . ' ' . $response['receive_currency'] . "\n";
echo "Status: " . $response['status'] . "\n";

$response = $api->post('/internal-transfer', [
    'currency_code' => 'BTC',
    'amount' => '0.01000000',
    'recipient' => 'user123',
    'callback_url' => 'https://your-server.com/callbacks/transfers',
    'custom_id' => 'my-transfer-123',
    'note' => 'Payment for services'
]);
echo "Transfer created: " . $response['code'] . "\n";
echo "Status: " . $response['status'] . "\n";

$pairs = $api->get('/limit-pairs');
foreach ($pairs as $pair) {
    echo $pair['symbol'] . ': ' . $pair['current_price'] . ' (fee: ' . $pair['fee_percent'] . "%)\n";
}
$response = $api->post('/limit-order', [
    'pair' => 'BTCUSDT',
    'side' => 'buy',
    'receive_amount' => '0.01000000',
    'limit_price' => '29000.00',
    'callback_url' => 'https://your-server.com/callbacks/orders',
    'custom_id' => 'my-order-123'
]);
echo "Order created: " . $response['code'] . "\n";
echo "Status: " . $response['status'] . "\n";
echo "Base amount: " . $response['base_amount'] . "\n";
echo "Quote amount: " . $response['quote_amount'] . "\n";

$plans = $api->get('/aml/plan');
$tokens = $api->get('/aml/token');
foreach ($plans as $plan) {
    echo "Plan: " . $plan['code'] . ' - ' . $plan['name'] . ' (price: ' . $plan['price'] . ' ' . $plan['currency'] . ")\n";
}
foreach ($tokens as $token) {
    echo "Token: " . $token['symbol'] . ' on ' . $token['network'] . ' (ID: ' . $token['id'] . ")\n";
}
$response = $api->post('/aml/check', [
    'direction' => 'withdrawal',
    'token' => 1, // Bitcoin
    'address' => 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
    'callback_url' => 'https://your-server.com/callbacks/aml',
    'custom_id' => 'my-aml-check-123'
]);
echo "AML check created: " . $response['code'] . "\n";
echo "Status: " . $response['status'] . "\n";
