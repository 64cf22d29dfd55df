<?php

require __DIR__ . '/../vendor/autoload.php';

header('Content-Type: text/plain');
if (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) === '/healthz') {
    echo "ok\n";
    return;
}
echo \Hello\Greeting::text(), "\n";
