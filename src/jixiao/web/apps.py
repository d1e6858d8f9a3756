"""Django app configuration."""

from __future__ import annotations

from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jixiao.web"
    label = "web"
    verbose_name = "绩效自评"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate  # noqa: PLC0415  (once the apps are ready)

        from jixiao.web import permissions  # noqa: F401, PLC0415  (registers the rules, once the apps are ready)
        from jixiao.web.admin_chinese import install_boolean_icon, rename_permissions  # noqa: PLC0415  (once the apps are ready)

        install_boolean_icon()
        post_migrate.connect(rename_permissions, dispatch_uid="jixiao-chinese-permissions")


class AxesChineseConfig(AxesConfig):
    """django-axes (login lockout) with Chinese names in the admin: the package ships no Chinese."""

    verbose_name = "登录保护"

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # noqa: PLC0415  (once the apps are ready)

        names = {
            AccessAttempt: "登录失败计数（删除即解锁）",
            AccessFailureLog: "登录失败记录",
            AccessLog: "登录记录",
        }
        for model, name in names.items():
            model._meta.verbose_name = model._meta.verbose_name_plural = name
