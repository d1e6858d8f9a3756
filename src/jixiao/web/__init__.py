"""The multi-user web app (Django): departments fill in, the bureau reviews, dashboards show the figures.

A thin front end: every score and every Issue comes from ``jixiao.pipeline``; this package stores
evaluations as JSON per version and enforces who may read and write what.
"""
