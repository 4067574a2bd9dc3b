"""Forms of the areas app."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Area, Organisation


class OrganisationForm(forms.ModelForm):
    """Edits an organisation; carries the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "area", "contact_phone", "address"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.restrict(user).order_by("path")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
