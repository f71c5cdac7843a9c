"""`ffp`: the project's manage.py; every Django command works through it."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfanpin.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # Commands are modules (load_dept); people type them with a hyphen (load-dept) as well.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["ffp", *args])


if __name__ == "__main__":
    main()
