"""Values every layer shares: the error family, problems in user data, the one text decoder, dates and ISO weeks. Imports nothing of netnotes."""
