"""Forms of the areas app."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.core.cleanforms import CleanForm, CleanModelForm

from .models import Area, Organisation, User
from .roles import SEPARATION_MESSAGE, Role, separation_conflict


class OrganisationForm(CleanModelForm):
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


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class AreaCreateForm(CleanForm):
    """A new area under a visible parent."""

    parent = forms.ModelChoiceField(label="上级区域", queryset=Area.objects.none())
    name = forms.CharField(label="名称", max_length=100)
    code = forms.CharField(label="区划代码", max_length=32)
    level = forms.TypedChoiceField(label="层级", choices=Area.Level.choices, coerce=int)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = (
            Area.objects.restrict(user).exclude(level=Area.Level.GRID).order_by("path")
        )
        style(self)


class OrganisationCreateForm(CleanModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "area", "contact_phone", "address"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.restrict(user).order_by("path")
        style(self)


class UserForm(CleanForm):
    """Create (with a password) or edit a user: roles, area and organisation."""

    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    title = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(label="电话", max_length=50, required=False)
    roles = forms.MultipleChoiceField(
        label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ModelChoiceField(label="辖区", queryset=Area.objects.none())
    organisation = forms.ModelChoiceField(
        label="所属单位", queryset=Organisation.objects.none(), required=False
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput(render_value=False), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, editing: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        org_field = self.fields["organisation"]
        assert isinstance(area_field, forms.ModelChoiceField)
        assert isinstance(org_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.restrict(user).order_by("path")
        org_field.queryset = Organisation.objects.restrict(user).order_by("area__path", "name")
        if editing is None:
            self.fields["password"].required = True
            del self.fields["is_active"]
        else:
            del self.fields["password"]
            self.fields["username"].disabled = True
            # initial values also feed the disabled username when the form is bound
            self.initial.update(
                username=editing.username,
                full_name=editing.full_name,
                title=editing.title,
                phone=editing.phone,
                roles=sorted(editing.role_codes),
                area=editing.area_id,
                organisation=editing.organisation_id,
                is_active=editing.is_active,
                version=editing.version,
            )
        style(self)

    def clean_roles(self) -> list[str]:
        roles: list[str] = self.cleaned_data.get("roles") or []
        if separation_conflict(set(roles)):
            raise forms.ValidationError(SEPARATION_MESSAGE)
        return roles
