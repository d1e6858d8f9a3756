"""Accounts: the first administrator, password changes (forced on first login), bulk creation.

Passwords follow ``AUTH_PASSWORD_VALIDATORS`` (length, not common, not all digits, not like the user
name); an account created by someone else (the first admin's staff, the bulk import) must change its
password at first login: until then every page but the change page and logout redirects there.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy

from jixiao.web.models import Account, Department

EXEMPT_PREFIXES = ("/static/", "/logout/", "/password/")


class AccountBackend(ModelBackend):
    """Django's password backend, loading the user's role (``Account``) and department with the user in
    one query: every request needs them (permissions, navigation)."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("account__department").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class MinimumLength(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Chinese (Django 5.2's catalogue lacks the new wording)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"


class PasswordChangeRequiredMiddleware:
    """Send a user who must change the password to the change page, whatever they asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and _must_change(user)
        ):
            return redirect("password_change")
        return self.get_response(request)


def _must_change(user: Any) -> bool:
    try:
        return bool(user.account.must_change_password)
    except Account.DoesNotExist:
        return False


class PasswordChange(auth_views.PasswordChangeView):
    """Self-service change (old password, new one twice, the rules); clears the forced-change flag."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        Account.objects.filter(user=self.request.user).update(must_change_password=False)
        messages.success(self.request, "密码已修改。")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["forced"] = _must_change(self.request.user)
        context["rules"] = password_validation.password_validators_help_texts()
        return context


def password_errors(password: str, user: Any = None) -> list[str]:
    """The Chinese reasons a password is refused (empty when it follows the rules)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def create_first_admin(username: str, password: str) -> Any:
    """The first administrator (superuser and bureau reviewer): refused when the password breaks a rule
    or when any administrator already exists. Raises ``ValueError`` with a Chinese message."""
    user_model = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        raise ValueError("已有管理员账号：请用该账号登录管理后台添加账号")
    if not username.strip():
        raise ValueError("请填写用户名")
    candidate = user_model(username=username)
    errors = password_errors(password, candidate)
    if errors:
        raise ValueError("密码不符合要求：" + "；".join(errors))
    with transaction.atomic():
        user = user_model.objects.create_superuser(username=username, password=password, email="")
        Account.objects.create(user=user, role=Account.REVIEWER)
    return user


def initial_password() -> str:
    """A random first password to hand over (changed by its owner at first login)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def create_account(
    username: str, role: str, department: Department | None, *, name: str = ""
) -> tuple[Any, str]:
    """A new account with a random first password it must change at first login."""
    password = initial_password()
    user = get_user_model().objects.create_user(username=username, password=password, first_name=name[:150])
    Account.objects.create(user=user, role=role, department=department, must_change_password=True)
    return user, password
