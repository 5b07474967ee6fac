"""Channel adapters (web chat, terminal, Telegram, Zalo) and the HTTP server that hosts them."""
