"""Views: thin handlers that check permissions, call ``jixiao.web.services`` and render templates."""
