"""Performance benchmarks for The Challenge, each measured against a yardstick in the same run.

Run ``python -m benchmarks`` (``--help`` for options). Nothing here runs in the test
suite except ``--smoke`` (tests/test_benchmarks_smoke.py), which runs every benchmark
once at a tiny size so none of them rots.
"""
