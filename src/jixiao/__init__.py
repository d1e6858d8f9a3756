"""jixiao 绩效 — budget-performance self-evaluation (预算绩效自评): compute, check, render."""

__version__ = "0.1.0"
