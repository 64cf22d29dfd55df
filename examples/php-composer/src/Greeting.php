<?php

namespace Hello;

/** The page's text, loaded through vendor/autoload.php. */
final class Greeting
{
    public static function text(): string
    {
        return 'hello from php, ' . implode(' + ', [40, 2]) . ' = ' . (40 + 2);
    }
}
