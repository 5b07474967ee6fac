"""Reminders on the legal clocks: which kinds are due (kinds), when each falls due (times),
and the job that sends them and escalates to leaders (job)."""
