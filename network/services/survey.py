"""The yearly hub survey's writes (written by the survey's helper)."""
