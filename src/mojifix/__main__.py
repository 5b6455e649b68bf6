"""``python -m mojifix``: the command line (see :mod:`mojifix.cli`)."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
