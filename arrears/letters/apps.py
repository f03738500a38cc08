from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "arrears.letters"
    label = "letters"
    verbose_name = "Letters"
