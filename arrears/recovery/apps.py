from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "arrears.recovery"
    label = "recovery"
    verbose_name = "Recovery"
