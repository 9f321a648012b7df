"""Extensions that run inside the Rasa server (they import Rasa, so they are kept out of
bot/): an NLU component and the channel connectors."""
