from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "arrears.imports"
    label = "imports"
    verbose_name = "Imports"
