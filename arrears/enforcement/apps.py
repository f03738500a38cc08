from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "arrears.enforcement"
    label = "enforcement"
    verbose_name = "Enforcement agents"
