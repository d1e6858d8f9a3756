"""Who may do what, as ``rules`` predicates checked on the server by every view and download.

Department staff see and edit only their own department's reports; reviewers see every report and
review submitted ones; nobody edits a submitted or an approved report (the bureau unlocks an approved
one, with a reason); an approved version stays frozen.
"""

from __future__ import annotations

from typing import Any

import rules
from jixiao.web.models import Account, Department, Report


def account_of(user: Any) -> Account | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.account  # type: ignore[no-any-return]
    except Account.DoesNotExist:
        return None


@rules.predicate
def is_reviewer(user: Any) -> bool:
    account = account_of(user)
    return bool(getattr(user, "is_superuser", False)) or (
        account is not None and account.role == Account.REVIEWER
    )


def _department_id(target: Any) -> int | None:
    if isinstance(target, Report):
        return target.department_id
    if isinstance(target, Department):
        return target.pk
    return None


@rules.predicate
def is_own_department(user: Any, target: Any) -> bool:
    account = account_of(user)
    if account is None or account.role != Account.DEPARTMENT or account.department_id is None:
        return False
    return _department_id(target) == account.department_id


@rules.predicate
def is_editable(user: Any, report: Report) -> bool:
    return isinstance(report, Report) and report.status in {Report.DRAFT, Report.RETURNED}


@rules.predicate
def is_submittable(user: Any, report: Report) -> bool:
    return isinstance(report, Report) and report.status in {Report.DRAFT, Report.RETURNED}


@rules.predicate
def is_under_review(user: Any, report: Report) -> bool:
    return isinstance(report, Report) and report.status == Report.SUBMITTED


@rules.predicate
def is_approved(user: Any, report: Report) -> bool:
    return isinstance(report, Report) and report.status == Report.APPROVED


@rules.predicate
def is_department_user(user: Any) -> bool:
    account = account_of(user)
    return account is not None and account.role == Account.DEPARTMENT and account.department_id is not None


rules.add_perm("web.view_report", is_reviewer | is_own_department)
rules.add_perm("web.change_report", is_own_department & is_editable)
rules.add_perm("web.submit_report", is_own_department & is_submittable)
rules.add_perm("web.review_report", is_reviewer & is_under_review)
rules.add_perm("web.withdraw_report", is_own_department & is_under_review)
rules.add_perm("web.unlock_report", is_reviewer & is_approved)
rules.add_perm("web.comment_report", is_reviewer | is_own_department)
rules.add_perm("web.view_department", is_reviewer | is_own_department)
rules.add_perm("web.view_year", is_reviewer)
rules.add_perm("web.create_report", is_department_user)
