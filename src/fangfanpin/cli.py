"""`ffp`: the project's manage.py; every Django command works through it."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfanpin.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ffp", *sys.argv[1:]])


if __name__ == "__main__":
    main()
