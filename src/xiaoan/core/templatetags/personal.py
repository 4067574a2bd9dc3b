"""Masks of personal information for templates: {{ c.caller_phone|mask_phone }}."""

from __future__ import annotations

from django import template

from xiaoan.core import pii

register = template.Library()


@register.filter
def mask_phone(value: str) -> str:
    return pii.mask_phone(value or "")


@register.filter
def mask_name(value: str) -> str:
    return pii.mask_name(value or "")
