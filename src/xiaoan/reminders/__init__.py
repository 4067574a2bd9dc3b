"""Due-soon and overdue reminders and the daily digest, sent once per threshold."""
