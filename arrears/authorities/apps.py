from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "arrears.authorities"
    label = "authorities"
    verbose_name = "Authorities"
