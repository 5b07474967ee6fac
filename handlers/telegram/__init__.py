"""The Telegram channel (aiogram 3): updates stored then handled through the conversation core,
replies and pushes delivered through the outbox."""
