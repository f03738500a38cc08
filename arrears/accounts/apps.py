from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "arrears.accounts"
    label = "accounts"
    verbose_name = "Parties and debt accounts"
