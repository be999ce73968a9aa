"""The test suite (a package, so that ``tests.support`` is ours and not the ``tests`` package
argostranslate installs into site-packages)."""
