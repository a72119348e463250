"""Login with throttling (failed attempts per username and per address)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import throttling


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        if throttling.is_locked(username, _address(request)):
            form = self.get_form()
            form.errors.clear()
            context = self.get_context_data(form=form, locked=True)
            context["locked_message"] = _("Too many failed attempts. Try again in 15 minutes.")
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttling.record_failure(self.request.POST.get("username", ""), _address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        throttling.clear(form.get_user().get_username(), _address(self.request))
        return super().form_valid(form)
