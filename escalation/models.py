"""Escalation routes, cases and the risk register (built on milestones and governance)."""
