"""Similar requests handled together as one vụ việc (case): matching, and the case rules."""
