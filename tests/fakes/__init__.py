"""Stand-ins for the platforms the bot talks to, served on loopback."""
