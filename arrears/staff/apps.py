from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "arrears.staff"
    label = "staff"
    verbose_name = "Staff"
