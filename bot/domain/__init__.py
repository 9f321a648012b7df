"""The domain: pure Python, no Rasa import (eligibility rules, answer reading, advice, topics)."""
