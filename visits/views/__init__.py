"""The network pass's views, by who uses them: the coworker (coworker, request), the host (host)
and anyone holding a pass (passes)."""
