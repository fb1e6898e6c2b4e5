from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "khartoum.demo"
    label = "demo"
    verbose_name = "Demo content"
