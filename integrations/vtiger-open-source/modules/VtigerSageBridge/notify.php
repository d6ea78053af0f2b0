<?php
/**
 * vtiger-sage-bridge: tells the bridge that a record was saved.
 *
 * Vtiger's "Invoke Custom Function" workflow task (VTEntityMethodTask) calls
 * vtiger_sage_bridge_notify() synchronously inside the request that saved the record, from the
 * UI and from the webservice API alike, with no queue and no retry. So this function:
 *   - sends only a hint (module, id, modifiedtime, modifiedby): the bridge re-reads the record;
 *   - uses short timeouts (2 s connect, 5 s total) so a slow bridge cannot stall a user's save;
 *   - catches everything: an uncaught error here would abort the user's save. A lost
 *     notification is caught up by the bridge's reconciliation sweep.
 * Written for PHP 7.0+ (Vtiger 7.x) and PHP 8 (Vtiger 8.x).
 */

if (!function_exists('vtiger_sage_bridge_notify')) {
    /**
     * @param VTWorkflowEntity $entity the saved record
     */
    function vtiger_sage_bridge_notify($entity)
    {
        try {
            $config = vtiger_sage_bridge_config();
            if ($config === null) {
                return;
            }
            $data = $entity->getData();
            $body = json_encode(array(
                'event' => 'save',
                'module' => $entity->getModuleName(),
                // The webservice id, e.g. "11x42".
                'id' => $entity->getId(),
                'modifiedtime' => isset($data['modifiedtime']) ? (string) $data['modifiedtime'] : null,
                // The saving user ("19x5"); the bridge ignores its own writes by this.
                'modifiedby' => isset($data['modifiedby']) ? (string) $data['modifiedby'] : null,
            ));
            if ($body === false) {
                error_log('vtiger-sage-bridge: could not encode the notification: ' . json_last_error_msg());
                return;
            }
            vtiger_sage_bridge_post($config, $body);
        } catch (\Throwable $e) {
            error_log('vtiger-sage-bridge: notification failed: ' . $e->getMessage());
        }
    }
}

if (!function_exists('vtiger_sage_bridge_config')) {
    /**
     * Reads config.inc.php beside this file (copied from config.inc.php.sample) once per request.
     *
     * @return array|null url, secret, connect_timeout, timeout; null when not configured
     */
    function vtiger_sage_bridge_config()
    {
        static $config = false;
        if ($config !== false) {
            return $config;
        }
        $config = null;
        $file = __DIR__ . '/config.inc.php';
        if (!is_readable($file)) {
            error_log('vtiger-sage-bridge: ' . $file . ' is missing; copy config.inc.php.sample and fill it in');
            return null;
        }
        $values = include $file;
        if (!is_array($values) || empty($values['url']) || empty($values['secret'])) {
            error_log('vtiger-sage-bridge: config.inc.php must return an array with url and secret');
            return null;
        }
        $config = array(
            'url' => (string) $values['url'],
            'secret' => (string) $values['secret'],
            'connect_timeout' => isset($values['connect_timeout']) ? (int) $values['connect_timeout'] : 2,
            'timeout' => isset($values['timeout']) ? (int) $values['timeout'] : 5,
        );
        return $config;
    }
}

if (!function_exists('vtiger_sage_bridge_post')) {
    /** POSTs the JSON body; logs (never throws) when the bridge does not answer 202. */
    function vtiger_sage_bridge_post(array $config, $body)
    {
        if (!function_exists('curl_init')) {
            error_log('vtiger-sage-bridge: the PHP curl extension is not installed');
            return;
        }
        $curl = curl_init($config['url']);
        if ($curl === false) {
            error_log('vtiger-sage-bridge: curl_init failed');
            return;
        }
        curl_setopt_array($curl, array(
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => array(
                'Content-Type: application/json',
                'X-Bridge-Secret: ' . $config['secret'],
                // No "Expect: 100-continue" round trip before the body.
                'Expect:',
            ),
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT => $config['connect_timeout'],
            CURLOPT_TIMEOUT => $config['timeout'],
            // Timeouts below one second need this on some builds; harmless otherwise.
            CURLOPT_NOSIGNAL => true,
            // Never follow redirects: they could carry the secret elsewhere.
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
        ));
        $response = curl_exec($curl);
        if ($response === false) {
            error_log('vtiger-sage-bridge: POST ' . $config['url'] . ' failed: ' . curl_error($curl));
        } else {
            $status = (int) curl_getinfo($curl, CURLINFO_HTTP_CODE);
            if ($status !== 202) {
                // 4xx: fix the URL or secret; 503: the bridge could not queue it, the sweep will.
                error_log('vtiger-sage-bridge: the bridge answered ' . $status . ': ' . substr((string) $response, 0, 500));
            }
        }
        if (PHP_VERSION_ID < 80000) {
            // A no-op since PHP 8 (handles are objects) and deprecated in 8.5.
            curl_close($curl);
        }
    }
}
