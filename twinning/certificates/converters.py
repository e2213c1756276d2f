"""The ``certcode`` path converter: a certificate's stored code, which may have slashes (old Moodle codes such as
2019/ETW/123), so ``{% url 'certificates:detail' code %}`` works for every code. Codes are upper case, so the
lower-case words after them (``pdf``, ``badge.jwt``) and before them (``staff``) never mix with one."""

from django.urls import register_converter

from .models import CODE_PATTERN


class CodeConverter:
    regex = CODE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "certcode")
