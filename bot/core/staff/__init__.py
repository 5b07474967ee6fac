"""Officers' work on tickets: the card, the actions, the audit trail, notices to citizens."""
