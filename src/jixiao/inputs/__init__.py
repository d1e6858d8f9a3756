"""Everything between a file and the canonical model: guard, decoding, readers, tables, facts, passes.

Nothing below ``jixiao.pipeline`` imports this package (``tests/test_architecture.py``).
"""
