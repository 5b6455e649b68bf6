"""Build the French language data shipped in ``mojifix/data/fr`` (see :mod:`mojifix.build.pipeline`)."""
