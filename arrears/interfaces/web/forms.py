"""Forms of the officer UI, laid out with GOV.UK Frontend components."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignIn(AuthenticationForm):
    """Django's sign-in form, with GOV.UK error messages: say what went wrong and how to fix it."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask your team leader to switch it on",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class Search(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)


class AuditFilter(forms.Form):
    action = forms.CharField(required=False, max_length=80, strip=True)
    party = forms.IntegerField(required=False, min_value=1)
