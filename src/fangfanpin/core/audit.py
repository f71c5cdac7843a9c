"""Audit events: every service write, reveal and export records one."""

from typing import Any

from fangfanpin.core.models import AuditEvent


def audit(verb: str, *, actor: Any = None, subject: str = "", **data: Any) -> AuditEvent:
    """Record that `actor` did `verb` to `subject`."""
    user = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(verb=verb, actor=user, subject=subject, data=data)
