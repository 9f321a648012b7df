"""Rasa connectors for Telegram and WhatsApp (Twilio).

They only change the transport: the bot's answers, buttons and wegwijzer are the same on every
channel. Each connector subclasses Rasa's own and adds what it lacks: proof that a webhook call
comes from the platform, message limits, and (WhatsApp) buttons as a numbered list.
"""
