from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "arrears.interfaces.web"
    label = "web"
    verbose_name = "Officer web interface"
