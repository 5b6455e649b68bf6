"""mojifix benchmarks: accuracy (WER per damage kind), speed/memory and a false-positive audit.

Run everything with ``python benchmarks/run.py`` (see ``--help``); the modules are importable
as ``benchmarks.metric`` etc. from the repository root for the smoke tests.
"""
