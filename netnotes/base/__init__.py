"""Values every layer shares: the error family, problems in user data, dates and ISO weeks. Imports nothing of netnotes."""
