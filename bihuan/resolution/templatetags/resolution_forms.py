"""Keep what the user typed: the panel's hand-written forms read their values and errors here.

A failed post re-renders the page with `res_form` = FormState (which form, its data,
its errors). Every other form on the page shows its normal default.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _state(context, key: str, obj=None):
    """The refused form's state when it is form `key` (of object `obj`, e.g. "offer" of remedy 5)."""
    state = context.get("res_form")
    wanted = f"{key}:{obj}" if obj not in (None, "") else str(key)
    return state if state is not None and state.key == wanted else None


@register.simple_tag(takes_context=True)
def rval(context, key, field, default="", obj=None):
    """The typed value of `field` in form `key` after a failed post, else `default`."""
    state = _state(context, key, obj)
    if state is None:
        return "" if default is None else default
    return state.data.get(field, "")


@register.simple_tag(takes_context=True)
def rsel(context, key, field, value, default="", obj=None):
    """'selected' when `value` is the chosen option (typed, else the default)."""
    state = _state(context, key, obj)
    chosen = state.data.get(field, "") if state is not None else default
    return "selected" if str(chosen) == str(value) else ""


@register.simple_tag(takes_context=True)
def rerr(context, key, field="__all__", obj=None):
    """The errors of `field` (or of the whole form) next to it, with role=alert."""
    state = _state(context, key, obj)
    if state is None or not state.errors.get(field):
        return ""
    return format_html('<span class="field-error" role="alert" data-field="{}">{}</span>', field,
                       format_html_join(" ", "{}", ((e,) for e in state.errors[field])))


@register.simple_tag(takes_context=True)
def rinvalid(context, key, field, obj=None):
    """aria-invalid on an input whose value was refused."""
    state = _state(context, key, obj)
    return mark_safe('aria-invalid="true"') if state is not None and state.errors.get(field) else ""
