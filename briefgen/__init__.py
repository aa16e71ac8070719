"""briefgen: briefing notes and joint action plans from typed records."""
