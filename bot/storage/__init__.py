"""Storage: conversations (Rasa's tracker store), feedback and retention."""
