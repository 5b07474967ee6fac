"""The platform-free pipeline from a stored update to a sent message: inbox and leases, lanes,
flood control, the outbox dispatcher and pacing within the platforms' limits."""
