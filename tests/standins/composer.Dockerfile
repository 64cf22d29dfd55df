# tags: composer:2
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends composer \
 && rm -rf /var/lib/apt/lists/*
# The real image's /usr/bin/composer is a self-contained phar, which builds copy into their own
# php image; Debian's is a launcher reading libraries from /usr/share/php. Packed together (the
# launcher without its #! line, symlinked files such as the CA bundle inlined, and trixie's
# absolute /usr/share/php paths pointed into the phar), they make such a phar.
RUN mv /usr/bin/composer /usr/share/composer-launcher \
 && php -d phar.readonly=0 -r ' \
      function inside($code) { return str_replace("/usr/share/php", "phar://composer.phar/share/php", $code); } \
      $phar = new Phar("/tmp/composer.phar"); \
      $tree = new RecursiveDirectoryIterator("/usr/share/php", FilesystemIterator::SKIP_DOTS | FilesystemIterator::FOLLOW_SYMLINKS); \
      foreach (new RecursiveIteratorIterator($tree) as $path => $file) { \
          if ($file->isFile()) { $phar->addFromString(substr($path, strlen("/usr/")), inside(file_get_contents($path))); } \
      } \
      $launcher = inside(preg_replace("/^#!.*\n/", "", file_get_contents("/usr/share/composer-launcher"))); \
      $phar->addFromString("bin/composer", $launcher); \
      $phar->setStub("#!/usr/bin/env php\n<?php Phar::mapPhar(\"composer.phar\"); require \"phar://composer.phar/bin/composer\"; __HALT_COMPILER();"); \
    ' \
 && mv /tmp/composer.phar /usr/bin/composer \
 && chmod +x /usr/bin/composer \
 && composer --version
