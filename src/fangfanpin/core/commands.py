"""The base of the commands that read and write data (`ffp load`, `export`, `synth`, `check`…)."""

from django.core.management.base import BaseCommand


class DataCommand(BaseCommand):
    """A command that works on data, not on the web site.

    Django's system checks look at the URLs, views, templates and admin: the server and the test suite run
    them. Before a data command they import every view and its libraries first, three seconds of nothing.
    """

    requires_system_checks: list[str] = []
